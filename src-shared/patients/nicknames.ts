import { foldName } from './search-query';

/**
 * Given names that people use for one another: a coordinator typing "Bill" for a
 * patient registered as "William" should still be warned. Each group is one family
 * of forms; a name may sit in more than one group (Chris: Christopher, Christine).
 */
const GROUPS: readonly string[] = [
  'william bill billy will willy liam',
  'robert bob bobby rob robbie bert',
  'richard rick ricky dick rich richie',
  'james jim jimmy jamie',
  'john jack johnny jon',
  'jonathan jon jonny nathan',
  'joseph joe joey jose pepe',
  'michael mike mikey mick mickey',
  'thomas tom tommy',
  'charles charlie chuck chas carlos',
  'christopher chris kit topher',
  'christine chris chrissy tina kristina christina',
  'daniel dan danny',
  'david dave davey',
  'edward ed eddie ned ted',
  'theodore ted teddy theo',
  'anthony tony antonio',
  'andrew andy drew',
  'alexander alex al sandy alejandro xander',
  'alexandra alex sandra sandy lexi',
  'benjamin ben benny',
  'samuel sam sammy',
  'samantha sam sammy',
  'matthew matt matty',
  'nicholas nick nicky',
  'patrick pat paddy',
  'patricia pat patty tricia trish',
  'peter pete',
  'steven steve stephen stevie',
  'timothy tim timmy',
  'gregory greg',
  'jeffrey jeff geoffrey',
  'kenneth ken kenny',
  'lawrence larry laurence',
  'raymond ray',
  'ronald ron ronnie',
  'donald don donnie',
  'douglas doug',
  'gerald gerry jerry',
  'harold harry hal',
  'henry hank harry enrique',
  'francis frank frankie',
  'francisco paco pancho frank',
  'frederick fred freddie',
  'eugene gene',
  'leonard leo len lenny',
  'philip phil',
  'walter walt wally',
  'albert al bert bertie',
  'arthur art artie',
  'elizabeth liz lizzie beth betty betsy eliza libby isabel',
  'margaret maggie meg peggy marge margie greta',
  'katherine kathy kate katie kathryn catherine cathy kat',
  'jennifer jen jenny',
  'jessica jess jessie',
  'rebecca becky becca',
  'deborah deb debbie debra',
  'susan sue susie suzanne',
  'barbara barb barbie',
  'dorothy dot dottie',
  'victoria vicky tori',
  'abigail abby gail',
  'amanda mandy',
  'cynthia cindy',
  'judith judy',
  'kimberly kim',
  'pamela pam',
  'teresa terri tess theresa',
  'virginia ginny',
  'mary molly polly mae maria mari',
  'ann anne anna annie hannah nancy',
  'eleanor ellie nora elle',
  'helen nell nellie ellen',
  'josephine jo josie',
  'dolores lola',
  'guadalupe lupe lupita',
  'jesus chuy',
  'ignacio nacho',
  'eduardo lalo eddie',
  'roberto beto',
  'alberto beto',
  'rafael rafa',
  'manuel manny',
  'ramon moncho',
  'mohammed muhammad mohamed mohammad',
  'aleksandr sasha alexander',
  'yekaterina katya ekaterina',
];

const byName = new Map<string, Set<string>>();
for (const group of GROUPS) {
  const names = group.split(' ');
  for (const n of names) {
    const set = byName.get(n) ?? new Set<string>();
    names.forEach((m) => set.add(m));
    byName.set(n, set);
  }
}

/** Whether two given names are known forms of one another ("Bill" and "William"). */
export function areNicknames(a: string, b: string): boolean {
  return areFoldedNicknames(foldName(a), foldName(b));
}

/** `areNicknames` for names already folded (`foldName`): a duplicate check compares folded names only. */
export function areFoldedNicknames(x: string, y: string): boolean {
  return x !== y && (byName.get(x)?.has(y) ?? false);
}

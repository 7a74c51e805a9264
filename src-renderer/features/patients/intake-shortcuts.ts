import { INTAKE_SECTIONS, type IntakeSectionId } from '../../../src-shared/patients/intake';

/** Alt+1 … Alt+8 jump to the intake's sections, in the order the form shows them. */
export const SECTION_KEYS = Object.fromEntries(INTAKE_SECTIONS.map((s, i) => [s.id, `Alt+${i + 1}`])) as Record<
  IntakeSectionId,
  string
>;

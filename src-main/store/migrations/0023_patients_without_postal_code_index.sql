-- No query looks a patient up by postal code and address (a duplicate check compares the
-- addresses of candidates it found by other keys), yet every new patient wrote an entry,
-- at a random place once addresses are filled in (decision 0034). IF EXISTS: a first sync
-- cut off on an older version rebuilds its deferred indexes before migrating (decision 0140).
DROP INDEX IF EXISTS `patients_postal_code`;

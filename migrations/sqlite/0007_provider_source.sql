-- Where a live provider came from, when that must be unique: a survey
-- submission becomes at most one provider, even when two editors accept it
-- at the same moment.
ALTER TABLE providers ADD COLUMN source_ref VARCHAR(128);
CREATE UNIQUE INDEX providers_source_ref ON providers(source_ref) WHERE source_ref IS NOT NULL AND deleted_at IS NULL;

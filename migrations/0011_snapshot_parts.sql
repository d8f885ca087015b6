-- Each imported snapshot's parts by name and digest, as its signed manifest names them (the
-- `parts` of the snapshot.imported entry). The next import from the peer leaves a part with
-- the same digest unparsed: its records are the replicas already held. Rows imported before
-- this column existed have none, so their next import reads every part.
ALTER TABLE snapshot_received ADD COLUMN parts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parts));

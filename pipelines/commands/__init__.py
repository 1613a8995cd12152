"""The `blo` commands, by what they work on: the build, the warehouse's answers, snapshots, donor packs."""

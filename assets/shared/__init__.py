"""What every stage reads by the same rules: names (crossing points, substances) and written quantities."""

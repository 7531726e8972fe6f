"""The registers: residents (居民) with search, likely duplicates, merges and their personal data, and
teachers and volunteers (师资) with their training."""

"""What syncing leaves for a person to look at: conflicts (冲突) and refused changes."""

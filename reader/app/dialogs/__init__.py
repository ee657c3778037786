"""The reader's dialogs, one modal screen per module, imported where they are first used."""

"""The people each article mentions (see ``reader.people.extract``)."""

from reader.people.extract import PersonMention, find_people, name_key

__all__ = ["PersonMention", "find_people", "name_key"]

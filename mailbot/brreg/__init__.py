"""Enhetsregisteret (the Central Coordinating Register for Legal Entities, Brønnøysund): one lookup
interface over two sources, the local copy of the bulk download and the optional live API."""

"""A DOCX opened for its text: python-docx's own loader, minus the parts no text comes from.

python-docx unzips and parses every part of a package when it opens it. A Word template's
styles.xml and stylesWithEffects.xml are 300-450 KB each, with numbering, settings, fonts, theme
and a thumbnail besides: about two thirds of the time to read a one-page form. The text reader
uses the main document, its headers and its footers; every other part is loaded as an empty
placeholder of the same name and type, so the relationships between parts stay as they were.
A part a relationship names but the archive lacks still fails, as it did.
"""

from __future__ import annotations

import io

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader, _ContentTypeMap
from docx.package import Package

_READ = frozenset({CT.WML_DOCUMENT_MAIN, CT.WML_HEADER, CT.WML_FOOTER})


def open_document(data: bytes):
    """The python-docx Document of `data`, as `docx.Document` gives it for reading text."""
    from zipfile import ZipFile

    with ZipFile(io.BytesIO(data)) as archive:
        reader = _TextParts(archive)
        content_types = _ContentTypeMap.from_xml(reader.content_types_xml)
        reader.content_types = content_types
        package_rels = PackageReader._srels_for(reader, PACKAGE_URI)
        parts = PackageReader._load_serialized_parts(reader, package_rels, content_types)
    package = Package()
    Unmarshaller.unmarshal(PackageReader(content_types, package_rels, parts), package, _part)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"not a Word file, content type is '{document_part.content_type}'")
    return document_part.document


def _part(partname, content_type, reltype, blob, package):
    if content_type in _READ:
        return PartFactory(partname, content_type, reltype, blob, package)
    return Part(partname, content_type, blob, package)


class _TextParts:
    """The zip reader python-docx's PackageReader walks, giving an empty blob for the parts not read."""

    content_types: _ContentTypeMap | None = None

    def __init__(self, archive) -> None:
        self._archive = archive

    @property
    def content_types_xml(self) -> bytes:
        return self._archive.read(CONTENT_TYPES_URI.membername)

    def rels_xml_for(self, source_uri) -> bytes | None:
        try:
            return self._archive.read(source_uri.rels_uri.membername)
        except KeyError:
            return None

    def blob_for(self, pack_uri) -> bytes:
        if self.content_types is not None:
            try:
                content_type = self.content_types[pack_uri]
            except KeyError:
                content_type = None  # read as before; the loader raises on the missing type
            if content_type is not None and content_type not in _READ:
                self._archive.getinfo(pack_uri.membername)  # absent from the archive: KeyError, as a read
                return b""
        return self._archive.read(pack_uri.membername)

    def close(self) -> None:
        """The archive is closed by open_document's `with`."""

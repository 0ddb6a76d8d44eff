"""The declaration judged against the mail: whose it is (intake/doc/judge)."""

from __future__ import annotations

from intake.understand import understand
from tests.intake.mails import mail

REPRESENTATIVE = ("Hei,\n\nVi registrerer oss som autorisert representant.\n\nForetak: Oslofjord Medical Representation AS\n"
                  "Org.nr: 912 345 688\nBesøksadresse: Sandviksveien 26, 1337 Sandvika\nTelefon: 67 10 20 30\n"
                  "Kontaktperson: Kari Nordmann\nE-post: post@oslofjordmed.example.no\nType utstyr: medisinsk utstyr\n"
                  "Rolle: autorisert representant\n\nMvh\nKari Nordmann\n")
DOC = ("EU DECLARATION OF CONFORMITY\nManufacturer: Ningbo Kangda Medical Instruments Co., Ltd., Ningbo, China\n"
       "EU Authorized Representative: {rep}, Sandviksveien 26, 1337 Sandvika, Norway\n"
       "Product name: Sterile hypodermic syringes\nWe declare under our sole responsibility that the products "
       "fulfil Regulation (EU) 2017/745.\n")


def test_a_declaration_naming_the_applicant_as_representative_is_theirs():
    raw = mail(REPRESENTATIVE, attachments=(("DoC_Kangda.txt", DOC.format(rep="Oslofjord Medical Representation AS")),))
    assert understand(raw).fields["declaration_of_conformity"].state == "ok"


def test_a_declaration_naming_another_representative_and_a_maker_the_mail_does_not_name_is_someone_elses():
    raw = mail(REPRESENTATIVE, attachments=(("DoC_Kangda.txt", DOC.format(rep="Bergen Medical Rep AS")),))
    doc = understand(raw).fields["declaration_of_conformity"]
    assert (doc.state, doc.reason) == ("invalid", "declaration_of_conformity.other_manufacturer")

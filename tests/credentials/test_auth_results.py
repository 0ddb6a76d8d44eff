"""Authentication-Results (RFC 8601): only our mail server's topmost headers count."""

from __future__ import annotations

from intake.mime.auth_results import (
    DKIM_ALIGNED, DMARC_PASS, NOT_TRUSTED, aligned, authenticate_sender, organisational_domain, parse_header,
)

OURS = "mx.dmp.example"
FROM = "kari@fjordmed.example"


def verdict(*headers: str, from_addr: str = FROM, auth_serv_id: str | None = OURS):
    return authenticate_sender(list(headers), auth_serv_id=auth_serv_id, from_addr=from_addr)


def test_dmarc_pass_from_our_server_authenticates():
    result = verdict(f"{OURS}; spf=pass smtp.mailfrom=fjordmed.example; dmarc=pass header.from=fjordmed.example")
    assert result.authenticated and result.reason == DMARC_PASS


def test_dkim_pass_from_a_subdomain_of_the_from_domain_is_aligned():
    result = verdict(f"{OURS}; dkim=pass header.d=mail.fjordmed.example; dmarc=none")
    assert result.authenticated and result.reason == DKIM_ALIGNED


def test_dkim_pass_for_another_domain_does_not_authenticate():
    assert not verdict(f"{OURS}; dkim=pass header.d=mailer.example; dmarc=none").authenticated


def test_dkim_signing_domain_may_come_from_header_i():
    assert verdict(f"{OURS}; dkim=pass header.i=@fjordmed.example").authenticated


def test_dmarc_fail_does_not_authenticate():
    assert not verdict(f"{OURS}; dkim=fail header.d=fjordmed.example; dmarc=fail header.from=fjordmed.example").authenticated


def test_a_header_from_another_authserv_id_is_ignored():
    result = verdict("mx.spoofer.example; dmarc=pass header.from=fjordmed.example")
    assert not result.authenticated and result.reason == NOT_TRUSTED


def test_no_header_at_all_is_not_authenticated():
    assert verdict().reason == NOT_TRUSTED


def test_nothing_is_trusted_without_a_configured_authserv_id():
    assert not verdict(f"{OURS}; dmarc=pass header.from=fjordmed.example", auth_serv_id=None).authenticated


def test_headers_of_other_servers_above_ours_are_skipped():
    result = verdict("internal.dmp.example; none", f"{OURS}; dmarc=pass header.from=fjordmed.example")
    assert result.authenticated


def test_our_id_below_a_foreign_header_came_with_the_message_and_is_ignored():
    forged = f"{OURS}; dmarc=pass header.from=fjordmed.example"
    result = verdict(f"{OURS}; dmarc=none", "mx.fjordmed.example; spf=pass", forged)
    assert not result.authenticated


def test_a_forged_pass_right_below_our_fail_cannot_turn_it_into_a_pass():
    ours = f"{OURS}; dmarc=fail header.from=fjordmed.example"
    forged = f"{OURS}; dmarc=pass header.from=fjordmed.example"
    assert not verdict(ours, forged).authenticated


def test_dmarc_pass_for_another_from_domain_does_not_count():
    assert not verdict(f"{OURS}; dmarc=pass header.from=other.example").authenticated


def test_authserv_id_is_compared_without_case():
    assert verdict("MX.DMP.Example; dmarc=pass header.from=fjordmed.example").authenticated


def test_comments_versions_and_quoted_values_are_parsed():
    parsed = parse_header(
        f'{OURS} 1; dkim/1 = pass (good "signature") reason="a; b" header.d=fjordmed.example; '
        "dmarc=pass (p=reject; dis=none) header.from=fjordmed.example"
    )
    assert parsed.authserv_id == OURS
    assert [(r.method, r.result) for r in parsed.results] == [("dkim", "pass"), ("dmarc", "pass")]
    assert parsed.results[0].properties["reason"] == "a; b"
    assert parsed.results[0].properties["header.d"] == "fjordmed.example"


def test_organisational_domain_follows_the_public_suffix_list():
    assert organisational_domain("mail.acme.co.uk") == "acme.co.uk"
    assert organisational_domain("post.fjordmed.no") == "fjordmed.no"
    assert not aligned("acme.co.uk", "other.co.uk")

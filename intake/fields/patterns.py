"""Regular-expression pieces that several field readers compose into their own patterns.

Each is the text of a pattern, not a compiled one, so that a reader can embed it in a larger
expression (`r"(?i:tlf) (" + PHONE_NUMBER + r")"`) and capture it where it needs to.
"""

from __future__ import annotations

# A phone or fax number as written in prose: 8 to 16 digits, spaces and dashes that start and end
# with a digit, an optional '+' in front ('926 12 345', '+47 75-50-20-00').
# '+49 (0) 7243 56 18-23': a country code with the trunk zero in brackets, as German and British firms write it.
# '+47 22 33 44 55', '+49 (0)7461 9650-0', and an area code in brackets after a country code ('+1 (510) 555-0187').
PHONE_NUMBER = r"(?:\+\d{1,3}\s?\(0\)\s?\d[\d \-]{5,14}\d|\+\d{1,3}\s?\(\d{2,4}\)\s?\d[\d \-]{4,12}\d|\+?\d[\d \-]{6,14}\d)"

# 'tlf 70 10 45 80 / mob 918 27 364', '32 21 70 00 / mob 472 81 606': the company's number and, said to be a
# mobile or a direct line, a person's own beside it on one line.
NUMBER_THEN_MOBILE = (r"(?P<phone>" + PHONE_NUMBER + r")\s*(?:/|,|;|\||(?i:og|and|eller|or|samt))\s*"
                      r"(?i:mob\w*|cell\w*|direkte\w*|direct|direkt)\.?\s*:?\s*(?:(?i:nr\.?|nummer)\s*)?"
                      r"(?P<mobile>" + PHONE_NUMBER + r")")

# 'ring meg heller direkte på 952 61 740', 'better call me on 404 52 118', 'kan nåast på …': the writer's
# own number (or, with 'oss' / 'us', the firm's); the number is the pattern's last group.
CALL_ME = (r"(?:(?i:kontakt|ring|ringje|ringe|ringa|reach|call|contact|nå)\s+(?i:meg|me|oss|us|mig)|"
           r"(?i:kan\s+|can\s+be\s+)(?i:nåast|nåes|nås|reached|kontaktast|kontaktes|treffast|treffes)|"
           # 'Sjølv nås eg best på 994 37 205'
           r"(?i:nås|nåast|treffes|treffast)\s+(?i:eg|jeg|jag|i))"
           r"(?:\s+(?i:directly|direkte|direkt|best|også|óg|also|gjerne|gjerna|gärna|gerne|heller|helst|rather)){0,2}"
           r"\s+(?i:på|on|at|via|paa)\s+"
           # 'på mobilen', 'on my cell instead,'
           r"(?i:(?:my\s+|min\s+)?(?:mobil\w*|telefon|tlf\.?|cell|mobile)(?:\s+(?:instead|heller|i\s+stedet))?[\s,:]+)?"
           r"(" + PHONE_NUMBER + r")")

# 'Telefon kontaktperson: samme som sentralbordet', 'same as above': the contact's phone is the firm's.
SAME_AS_PHONE = (r"^(?:den\s+|the\s+)?(?:samme|same|sama|som|as)\b(?:\s+(?:som|as))?(?:\s+(?:the\s+)?(?:over|ovenfor|above|"
                 r"sentralbord\w*|switchboard|firma\w*|company|telefon\w*|phone|hovednummer\w*|main\s+number|"
                 # 'same som pkt. 5': the point of the register's list that asks for the company's phone
                 r"(?:pkt|punkt|point|nr)\.?\s*5))?\s*\.?$")


# A number or an address on its way out: 'vert stengd', 'er lukket ned', 'will be shut down', 'wird abgeschaltet'.
CLOSED = (r"\b(?i:vert\s+stengd|blir\s+stengt|stenges|slettes|deaktiveres|legges\s+ned|(?:er\s+)?lukket(?:\s+ned)?|"
          r"lukker|nedlagt|will\s+be\s+(?:closed|shut|deactivated|deleted|removed|discontinued)|"
          r"is\s+being\s+(?:closed|shut)|(?:has\s+been|was)\s+(?:closed|discontinued|shut\s+down)|"
          r"(?:er|is)\s+(?:ikke|ikkje|no|not)\s+(?:lenger\s+|lengre\s+|longer\s+)?(?:i\s+bruk|in\s+use)|"
          r"wird\s+(?:in\s+kürze\s+)?abgeschaltet|stängs)")


# A firm that acts for or sells for another ('representant for Medisol GmbH', 'distributør for Lindqvist AB'):
# whatever follows is the other firm's, never the applicant's.
ACTS_FOR = (r"representant\w*|representative|repræsentant\w*|fullmektig\w*|distribut\w*|forhandler\w*|agent|"
            r"importør\w*|importer\w*|importör\w*")

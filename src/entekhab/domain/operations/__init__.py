"""Pure rules of headquarters operations (issue 15): organisation, directives, meetings, rules
library, lessons, contingency playbooks, complaints, agency commitments, public statements and
classification. No I/O, no clock: times are passed in."""

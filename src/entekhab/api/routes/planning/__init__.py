"""Routes of branch planning (issue 13): site assessments and readiness, capacity and the queue
chart, network links, equipment and custody, roster and training, mobile boxes and a county's
plan (HTML and CSV). Reads take an area (a division code) in the path; writes name their branch
or county in the body; the permission matrix places both."""

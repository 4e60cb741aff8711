"""flic.v1: the stubs generated from proto/flic/v1/flic.proto (generate.sh; never edited)."""

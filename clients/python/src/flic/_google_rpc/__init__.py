"""google.rpc.Status and ErrorInfo, generated from clients/proto/google/rpc (Apache-2.0, (c) Google
LLC; see NOTICE). Used only when googleapis-common-protos is not installed (flic.status)."""

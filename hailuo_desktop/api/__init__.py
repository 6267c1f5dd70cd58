"""The ToAPIs wire protocol: request bodies, tolerant parsers and the async HTTP client."""

"""Open Referral HSDS 3.0 for the directory: validation, serialisation, import and the read API.

The NL profile extensions (`nl_…` properties) are described in docs/hsds-nl-profile.md.
"""

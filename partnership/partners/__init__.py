"""Korean firms as users of the portal: registration, verification, their accounts, and finding
the Indonesian firms that agreed to be found (issue 13, sections 1 and 2)."""

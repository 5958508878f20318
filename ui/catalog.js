// Generated from core/src/catalog.rs; do not edit. The ids, titles, labels, rules and
// defaults the page presents. To regenerate:
//   UPDATE_CATALOG=1 cargo test -p mode-setup-core --lib catalog
export const CATALOG = Object.freeze({
  "steps": [
    {
      "id": "invite",
      "title": "Invite a user",
      "needsAdmin": true
    },
    {
      "id": "permissions",
      "title": "Set permissions",
      "needsAdmin": true
    },
    {
      "id": "api-key",
      "title": "Generate an API key",
      "needsAdmin": true
    },
    {
      "id": "check",
      "title": "Check the credentials",
      "needsAdmin": false
    },
    {
      "id": "reminders",
      "title": "Reminders and watch",
      "needsAdmin": false
    },
    {
      "id": "report",
      "title": "Report",
      "needsAdmin": false
    },
    {
      "id": "atlan",
      "title": "Connect in Atlan",
      "needsAdmin": false
    }
  ],
  "checks": [
    {
      "id": "host",
      "title": "Mode can be reached"
    },
    {
      "id": "credentials",
      "title": "Mode accepts the key"
    },
    {
      "id": "workspace",
      "title": "The key belongs to this workspace"
    },
    {
      "id": "key-type",
      "title": "The key is a workspace or member key"
    },
    {
      "id": "key-expiry",
      "title": "The key is not about to expire"
    },
    {
      "id": "service-account",
      "title": "The crawler's account is a current member"
    },
    {
      "id": "connection-access",
      "title": "The crawler can view every connection"
    },
    {
      "id": "collections",
      "title": "Collections are visible"
    },
    {
      "id": "reports",
      "title": "Reports, queries and charts can be read"
    }
  ],
  "statuses": [
    {
      "id": "pass",
      "label": "Passed"
    },
    {
      "id": "warn",
      "label": "Warning"
    },
    {
      "id": "fail",
      "label": "Failed"
    },
    {
      "id": "skip",
      "label": "Skipped"
    }
  ],
  "couldntConfirm": "Couldn't confirm",
  "verdicts": [
    {
      "id": "ready",
      "label": "Ready for Atlan"
    },
    {
      "id": "probably-ready",
      "label": "Probably ready: confirm by hand"
    },
    {
      "id": "not-ready",
      "label": "Not ready yet"
    }
  ],
  "access": [
    {
      "id": "none",
      "label": "No access",
      "note": "The crawler can't see this connection",
      "grantsView": false
    },
    {
      "id": "unknown",
      "label": "Unknown",
      "note": "The app couldn't tell",
      "grantsView": false
    },
    {
      "id": "view",
      "label": "View",
      "note": "Can view",
      "grantsView": true
    },
    {
      "id": "query",
      "label": "Query",
      "note": "Can view and run queries",
      "grantsView": true
    },
    {
      "id": "manage",
      "label": "Manage",
      "note": "Can view and change the connection",
      "grantsView": true
    }
  ],
  "via": [
    {
      "id": "admin",
      "label": "Workspace admin"
    },
    {
      "id": "default",
      "label": "Connection's default access"
    },
    {
      "id": "direct",
      "label": "Given to the account directly"
    },
    {
      "id": "group",
      "label": "Through a group"
    }
  ],
  "keyKinds": [
    {
      "id": "workspace",
      "label": "Workspace key"
    },
    {
      "id": "member",
      "label": "Member key"
    },
    {
      "id": "personal",
      "label": "Personal token (retired)"
    },
    {
      "id": "unknown",
      "label": "Not known"
    }
  ],
  "reminders": {
    "choices": [
      30,
      14,
      7,
      3,
      1,
      0
    ],
    "defaults": [
      30,
      14,
      7,
      3,
      1,
      0
    ],
    "labels": {
      "onTheDay": "On the day",
      "oneDay": "1 day before",
      "days": "{n} days before"
    }
  },
  "watchEvery": [
    {
      "id": "daily",
      "label": "Every day"
    },
    {
      "id": "weekly",
      "label": "Every week"
    },
    {
      "id": "off",
      "label": "Off"
    }
  ],
  "watchEveryDefault": "daily",
  "runBy": [
    {
      "id": "window",
      "label": "from this window"
    },
    {
      "id": "watch",
      "label": "by the watch"
    },
    {
      "id": "command",
      "label": "by mode-setup check"
    }
  ],
  "runUnfinished": "Not checked to the end: Mode was busy or unreachable",
  "keyLifetimeDays": 90,
  "expiryWarnDays": 30,
  "expiryUrgentDays": 7,
  "defaultHost": "https://app.mode.com",
  "defaultServiceAccount": "atlan_crawler",
  "daysLeft": {
    "expires": {
      "inDays": "Expires in {n} days",
      "tomorrow": "Expires tomorrow",
      "today": "Expires today",
      "yesterday": "Expired yesterday",
      "daysAgo": "Expired {n} days ago"
    },
    "relative": {
      "inDays": "in {n} days",
      "tomorrow": "tomorrow",
      "today": "today",
      "yesterday": "yesterday",
      "daysAgo": "{n} days ago"
    },
    "unknown": "No expiry date saved"
  },
  "errors": [
    {
      "kind": "invalid_input",
      "message": "Something entered here can't be used. Check the form and try again."
    },
    {
      "kind": "dns",
      "message": "The Mode address app.mode.com could not be found. Check the host under Advanced, and that this computer is online."
    },
    {
      "kind": "connect",
      "message": "Could not connect to app.mode.com. Check that this computer is online and that no firewall or proxy blocks it."
    },
    {
      "kind": "tls",
      "message": "The secure connection to app.mode.com failed: its certificate was not trusted. Check the host under Advanced; a company proxy may be intercepting the connection."
    },
    {
      "kind": "timeout",
      "message": "Mode took too long to answer. Try again in a minute; if it keeps happening, check your network."
    },
    {
      "kind": "interrupted",
      "message": "The connection to Mode was cut off in the middle of an answer. Try again."
    },
    {
      "kind": "unauthorized",
      "message": "Mode did not accept this key: the Key ID or the secret is wrong, or the key was revoked or has expired."
    },
    {
      "kind": "forbidden",
      "message": "This key is not allowed to read this part of the workspace."
    },
    {
      "kind": "not_found",
      "message": "Mode could not find what was asked for."
    },
    {
      "kind": "bad_request",
      "message": "Mode refused the request: no reason given"
    },
    {
      "kind": "rate_limited",
      "message": "Mode is limiting how fast this key may ask and did not free up in time. Wait a few minutes, then check again."
    },
    {
      "kind": "server",
      "message": "Mode had a problem of its own and could not answer (it said it was unavailable). Try again later."
    },
    {
      "kind": "redirected",
      "message": "Mode answered with a redirect to another address, which this app does not follow so that your key is never sent anywhere else. Check the host under Advanced."
    },
    {
      "kind": "body_too_large",
      "message": "Mode's answer was larger than 32 MB, far more than expected, so it was not read."
    },
    {
      "kind": "not_json",
      "message": "The host answered with something that is not Mode's API (a web page instead of data). Check the host under Advanced."
    },
    {
      "kind": "malformed",
      "message": "Mode's answer could not be understood (unexpected content)."
    },
    {
      "kind": "unexpected_status",
      "message": "Mode answered in an unexpected way (status 418)."
    },
    {
      "kind": "transport",
      "message": "The request could not be sent: no reason was given"
    },
    {
      "kind": "keyring_unavailable",
      "message": "This computer's secure storage (the keyring) could not be used."
    },
    {
      "kind": "store",
      "message": "The app's saved workspaces and settings could not be read or written."
    },
    {
      "kind": "autostart",
      "message": "Starting at login could not be changed."
    },
    {
      "kind": "clipboard",
      "message": "The clipboard could not be used."
    },
    {
      "kind": "cancelled",
      "message": "The check was cancelled."
    },
    {
      "kind": "internal",
      "message": "Something went wrong inside the app. Try again; if it keeps happening, the details below help whoever supports this app."
    }
  ],
  "atlan": {
    "guideUrl": "https://docs.atlan.com/apps/connectors/business-intelligence/mode/how-tos/crawl-mode",
    "preflightUrl": "https://docs.atlan.com/apps/connectors/business-intelligence/mode/references/preflight-checks-for-mode",
    "connector": "Mode Assets",
    "authentication": "Authentication",
    "authenticationChoice": "Basic",
    "fields": [
      {
        "id": "key-id",
        "label": "API Key ID",
        "inAtlanForm": true
      },
      {
        "id": "secret",
        "label": "API Secret",
        "inAtlanForm": true
      },
      {
        "id": "workspace",
        "label": "Workspace",
        "inAtlanForm": true
      },
      {
        "id": "host",
        "label": "Mode host",
        "inAtlanForm": false
      }
    ],
    "personalCollections": "Exclude all personal collections",
    "personalCollectionsDefault": "No",
    "testButton": "Test Authentication",
    "preflightButton": "Preflight checks",
    "preflightChecks": [
      {
        "name": "Workspace check",
        "failure": "Authenticating user does not have access to specified workspace",
        "fix": "Make the crawler's account a current member of the workspace.",
        "step": "permissions"
      },
      {
        "name": "Collections check",
        "failure": "Check failed for … collection",
        "fix": "Give the crawler's account at least Viewer on that collection in Mode.",
        "step": null
      },
      {
        "name": "Queries check",
        "failure": "User has access to 0 queryable data sources",
        "fix": "Give the crawler's account at least View on each connection.",
        "step": "permissions"
      }
    ],
    "clearAfterSeconds": 30,
    "cleared": [
      {
        "id": "cleared",
        "label": "Cleared from the clipboard."
      },
      {
        "id": "left-alone",
        "label": "You copied something else since, so the clipboard was left as it is."
      },
      {
        "id": "copied-again",
        "label": "Copied again."
      },
      {
        "id": "failed",
        "label": "The secret could not be taken off the clipboard. Copy something else to replace it."
      }
    ]
  }
});

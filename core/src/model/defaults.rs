//! The numbers and names the whole app agrees on. The window receives them through the catalog.

/// Mode's web and API host.
pub const DEFAULT_HOST: &str = "https://app.mode.com";
/// The username the setup suggests for Atlan's crawler.
pub const DEFAULT_SERVICE_ACCOUNT: &str = "atlan_crawler";
/// Mode's default key lifetime, in days.
pub const DEFAULT_KEY_DAYS: u64 = 90;
/// Days before expiry from which the expiry check warns.
pub const WARN_DAYS: i64 = 30;
/// The reminder days a person can choose from, in order (0 = on the expiry day).
pub const THRESHOLD_CHOICES: &[u32] = &[30, 14, 7, 3, 1, 0];
/// The reminder days used until the person changes them.
pub const DEFAULT_THRESHOLDS: &[u32] = &[30, 14, 7, 3, 1, 0];
/// The largest answer from Mode the client reads; larger ones are refused unread.
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

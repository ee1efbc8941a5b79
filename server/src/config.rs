//! Configuration from the environment and the command line. Every setting, its flag,
//! variable and default is listed once, in README.md's "Configuration" table.

use std::net::{IpAddr, SocketAddr};

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub demo: bool,
    /// Where browsers reach Toegang; the origin check, the cookie, HSTS and the OpenID
    /// Connect redirect follow from it.
    pub public_url: PublicUrl,
    /// Proxies whose `X-Forwarded-For` names the client (the rate limits' address).
    pub trusted_proxies: Vec<IpNet>,
    /// A signed-in session ends this long after sign-in, however active (seconds).
    pub session_lifetime: i64,
    /// The key that seals secrets at rest (TOTP secrets, temporary passwords in the outbox);
    /// `None` only in demo mode, where a key file beside the database is used.
    pub secret_key: Option<[u8; 32]>,
    pub oidc: Option<OidcConfig>,
    pub delivery: crate::delivery::DeliveryConfig,
    /// Who may read `/metrics`.
    pub metrics: MetricsAccess,
    /// How long the audit log keeps changes and sign-in records (R14).
    pub retention: domain::audit::Retention,
}

/// Who may read the Prometheus metrics at `/metrics` (`TOEGANG_METRICS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsAccess {
    /// Only clients on this machine (loopback; through trusted proxies, the client's
    /// address counts): the default.
    Local,
    /// Anyone who reaches the server (behind a network that keeps others out).
    Open,
    /// Nobody: `/metrics` does not exist.
    Off,
}

/// The public URL: scheme, host and port, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    pub https: bool,
    pub host: String,
    pub port: u16,
}

impl PublicUrl {
    /// Parses `https://toegang.example` or `http://127.0.0.1:3000`; plain HTTP only on a
    /// loopback host (development).
    pub fn parse(s: &str) -> Result<PublicUrl, ConfigError> {
        let bad = || ConfigError::PublicUrl(s.to_owned());
        let url = url::Url::parse(s.trim()).map_err(|_| bad())?;
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return Err(bad()),
        };
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
            || !matches!(url.path(), "" | "/")
        {
            return Err(bad());
        }
        let host = url.host_str().ok_or_else(bad)?.to_ascii_lowercase();
        let port = url.port_or_known_default().ok_or_else(bad)?;
        let public = PublicUrl { https, host, port };
        if !https && !public.is_loopback() {
            return Err(ConfigError::PlainHttp(s.to_owned()));
        }
        Ok(public)
    }

    /// `scheme://host[:port]`, as browsers send it in `Origin`.
    pub fn origin(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let default = if self.https { 443 } else { 80 };
        if self.port == default {
            format!("{scheme}://{}", self.host)
        } else {
            format!("{scheme}://{}:{}", self.host, self.port)
        }
    }

    pub fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        host == "localhost"
            || host
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// An absolute URL on this site.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }
}

/// A trusted proxy: one address or a network (`10.0.0.0/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn parse(s: &str) -> Option<IpNet> {
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - self.prefix as u32).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - self.prefix as u32).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The OpenID Connect redirect path (appended to the public URL).
pub const OIDC_REDIRECT_PATH: &str = "/auth/oidc/terug";

/// The deployment's OpenID Connect provider (eID, itsme, MyGov.be reach Toegang that way).
#[derive(Debug, Clone, PartialEq)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_url: String,
    pub national_number_claim: String,
    pub scopes: String,
    pub label: String,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("invalid address `{0}` (expected e.g. 127.0.0.1:3000)")]
    Addr(String),
    #[error("unknown argument `{0}`; known: --demo, --addr HOST:PORT, --database-url URL")]
    Unknown(String),
    #[error("`{0}` needs a value")]
    Missing(String),
    #[error("TOEGANG_OIDC_ISSUER is set, so `{0}` must be set too")]
    OidcIncomplete(&'static str),
    #[error("TOEGANG_PUBLIC_URL `{0}` is not a scheme, host and port (e.g. https://toegang.example)")]
    PublicUrl(String),
    #[error("TOEGANG_PUBLIC_URL `{0}`: plain http is only for a loopback address (development); use https")]
    PlainHttp(String),
    #[error("TOEGANG_PUBLIC_URL must be set outside demo mode on a loopback address (e.g. https://toegang.example)")]
    PublicUrlRequired,
    #[error("TOEGANG_TRUSTED_PROXIES: `{0}` is not an address or network")]
    Proxy(String),
    #[error("TOEGANG_SESSION_HOURS: `{0}` is not a number of hours from 1 to 24")]
    SessionHours(String),
    #[error("{0}: `{1}` is not a number of days from 366 to 36525")]
    Retention(&'static str, String),
    #[error("TOEGANG_METRICS: `{0}` is not one of local, open, off")]
    Metrics(String),
    #[error("TOEGANG_SECRET_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)")]
    SecretKey,
    #[error("TOEGANG_SECRET_KEY must be set outside demo mode (e.g. `openssl rand -base64 32`)")]
    SecretKeyRequired,
    #[error("{0}")]
    Delivery(String),
}

fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

impl Config {
    /// Reads `args` (without the program name) over `env`.
    pub fn from(
        args: &[String],
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let env = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let mut addr = env("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let mut database_url =
            env("DATABASE_URL").unwrap_or_else(|| "sqlite://data/toegang.db".into());
        let mut demo = env("TOEGANG_DEMO").is_some_and(|v| truthy(&v));
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--demo" => demo = true,
                "--addr" => {
                    addr = it
                        .next()
                        .ok_or_else(|| ConfigError::Missing(a.clone()))?
                        .clone()
                }
                "--database-url" => {
                    database_url = it
                        .next()
                        .ok_or_else(|| ConfigError::Missing(a.clone()))?
                        .clone()
                }
                other => return Err(ConfigError::Unknown(other.to_owned())),
            }
        }
        let addr: SocketAddr = addr.parse().map_err(|_| ConfigError::Addr(addr.clone()))?;
        let public_url = match env("TOEGANG_PUBLIC_URL") {
            Some(u) => PublicUrl::parse(&u)?,
            // Demo mode on a loopback address: the bind address, plain http.
            None if demo && addr.ip().is_loopback() => {
                PublicUrl::parse(&format!("http://{addr}"))?
            }
            None => return Err(ConfigError::PublicUrlRequired),
        };
        let trusted_proxies = env("TOEGANG_TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .map(|p| IpNet::parse(p).ok_or_else(|| ConfigError::Proxy(p.trim().to_owned())))
            .collect::<Result<Vec<_>, _>>()?;
        let session_lifetime = match env("TOEGANG_SESSION_HOURS") {
            None => 12 * 3600,
            Some(h) => match h.trim().parse::<i64>() {
                Ok(n) if (1..=24).contains(&n) => n * 3600,
                _ => return Err(ConfigError::SessionHours(h)),
            },
        };
        let secret_key = match env("TOEGANG_SECRET_KEY") {
            Some(k) => Some(crate::seal::parse_key(&k).ok_or(ConfigError::SecretKey)?),
            None if demo => None,
            None => return Err(ConfigError::SecretKeyRequired),
        };
        let oidc = match env("TOEGANG_OIDC_ISSUER") {
            None => None,
            Some(issuer) => {
                let need = |k: &'static str| env(k).ok_or(ConfigError::OidcIncomplete(k));
                Some(OidcConfig {
                    issuer,
                    client_id: need("TOEGANG_OIDC_CLIENT_ID")?,
                    client_secret: need("TOEGANG_OIDC_CLIENT_SECRET")?,
                    redirect_url: public_url.join(OIDC_REDIRECT_PATH),
                    national_number_claim: env("TOEGANG_OIDC_NATIONAL_NUMBER_CLAIM")
                        .unwrap_or_else(|| "egovNRN".into()),
                    scopes: env("TOEGANG_OIDC_SCOPES").unwrap_or_else(|| "openid profile".into()),
                    label: env("TOEGANG_OIDC_LABEL")
                        .unwrap_or_else(|| "eID, itsme of MyGov.be".into()),
                })
            }
        };
        let delivery = crate::delivery::DeliveryConfig::from_env(&env)
            .map_err(ConfigError::Delivery)?;
        let metrics = match env("TOEGANG_METRICS").as_deref().map(str::trim) {
            None | Some("local") => MetricsAccess::Local,
            Some("open") => MetricsAccess::Open,
            Some("off") => MetricsAccess::Off,
            Some(other) => return Err(ConfigError::Metrics(other.to_owned())),
        };
        let days = |key: &'static str, default: i64| match env(key) {
            None => Ok(default),
            Some(v) => domain::audit::parse_retention_days(&v).ok_or(ConfigError::Retention(key, v)),
        };
        let defaults = domain::audit::Retention::default();
        let retention = domain::audit::Retention {
            changes: days("TOEGANG_AUDIT_RETENTION_DAYS", defaults.changes)?,
            sign_ins: days("TOEGANG_SIGN_IN_RETENTION_DAYS", defaults.sign_ins)?,
        };
        Ok(Config {
            addr,
            database_url,
            demo,
            public_url,
            trusted_proxies,
            session_lifetime,
            secret_key,
            oidc,
            delivery,
            metrics,
            retention,
        })
    }

    /// Whether cookies are `Secure` (and `__Host-`): whenever browsers reach Toegang over
    /// https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.https
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    #[test]
    fn defaults_flags_and_environment() {
        let c = Config::from(&["--demo".into()], env(&[])).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/toegang.db");
        assert!(c.demo);
        assert_eq!(c.public_url.origin(), "http://127.0.0.1:3000");
        assert!(
            !c.secure_cookies(),
            "demo mode on loopback serves plain http"
        );
        assert_eq!(c.session_lifetime, 12 * 3600);
        assert_eq!(c.secret_key, None, "demo mode keeps a key file");
        let c = Config::from(
            &["--addr".into(), "0.0.0.0:8080".into()],
            env(&[
                ("DATABASE_URL", "sqlite::memory:"),
                ("TOEGANG_PUBLIC_URL", "https://Toegang.Example"),
                ("TOEGANG_SECRET_KEY", KEY),
                ("TOEGANG_SESSION_HOURS", "8"),
            ]),
        )
        .unwrap();
        assert!(!c.demo && c.secure_cookies());
        assert_eq!(c.public_url.origin(), "https://toegang.example");
        assert_eq!(c.session_lifetime, 8 * 3600);
        assert_eq!(c.secret_key.unwrap()[31], 31);
        assert_eq!(c.database_url, "sqlite::memory:");
        assert_eq!(
            Config::from(&["--bogus".into()], env(&[])).unwrap_err(),
            ConfigError::Unknown("--bogus".into())
        );
        assert!(matches!(
            Config::from(&["--addr".into(), "nope".into()], env(&[])),
            Err(ConfigError::Addr(_))
        ));
        assert_eq!(c.oidc, None);
    }

    #[test]
    fn retention_is_ten_years_and_one_year_unless_set_and_never_below_a_year() {
        let c = Config::from(&["--demo".into()], env(&[])).unwrap();
        assert_eq!(c.retention, domain::audit::Retention { changes: 3653, sign_ins: 366 });
        let c = Config::from(
            &["--demo".into()],
            env(&[("TOEGANG_AUDIT_RETENTION_DAYS", "7305"), ("TOEGANG_SIGN_IN_RETENTION_DAYS", "731")]),
        )
        .unwrap();
        assert_eq!(c.retention, domain::audit::Retention { changes: 7305, sign_ins: 731 });
        assert_eq!(
            Config::from(&["--demo".into()], env(&[("TOEGANG_SIGN_IN_RETENTION_DAYS", "30")])).unwrap_err(),
            ConfigError::Retention("TOEGANG_SIGN_IN_RETENTION_DAYS", "30".into())
        );
    }

    #[test]
    fn outside_demo_mode_the_public_url_and_key_are_required() {
        assert_eq!(
            Config::from(&[], env(&[("TOEGANG_SECRET_KEY", KEY)])).unwrap_err(),
            ConfigError::PublicUrlRequired
        );
        assert_eq!(
            Config::from(
                &["--demo".into(), "--addr".into(), "0.0.0.0:3000".into()],
                env(&[])
            )
            .unwrap_err(),
            ConfigError::PublicUrlRequired,
            "demo mode on a public address needs a public URL too"
        );
        assert_eq!(
            Config::from(&[], env(&[("TOEGANG_PUBLIC_URL", "https://t.example")])).unwrap_err(),
            ConfigError::SecretKeyRequired
        );
        assert_eq!(
            Config::from(
                &[],
                env(&[
                    ("TOEGANG_PUBLIC_URL", "https://t.example"),
                    ("TOEGANG_SECRET_KEY", "c2hvcnQ=")
                ])
            )
            .unwrap_err(),
            ConfigError::SecretKey
        );
    }

    #[test]
    fn the_public_url_is_a_scheme_host_and_port_and_plain_http_only_on_loopback() {
        let u = PublicUrl::parse("http://127.0.0.1:3000").unwrap();
        assert_eq!((u.https, u.host.as_str(), u.port), (false, "127.0.0.1", 3000));
        assert_eq!(PublicUrl::parse("http://localhost").unwrap().origin(), "http://localhost");
        assert_eq!(
            PublicUrl::parse("https://t.example:8443/").unwrap().origin(),
            "https://t.example:8443"
        );
        assert_eq!(
            PublicUrl::parse("https://t.example").unwrap().join("/auth/oidc/terug"),
            "https://t.example/auth/oidc/terug"
        );
        assert!(matches!(
            PublicUrl::parse("http://t.example"),
            Err(ConfigError::PlainHttp(_))
        ));
        for bad in ["t.example", "ftp://t.example", "https://t.example/pad", "https://u@t.example", "https://t.example?q"] {
            assert!(
                matches!(PublicUrl::parse(bad), Err(ConfigError::PublicUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let c = Config::from(
            &["--demo".into()],
            env(&[("TOEGANG_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7,::1")]),
        )
        .unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(c.trusted_proxies[0].contains(ip("10.200.3.4")));
        assert!(!c.trusted_proxies[0].contains(ip("11.0.0.1")));
        assert!(c.trusted_proxies[1].contains(ip("192.168.1.7")));
        assert!(!c.trusted_proxies[1].contains(ip("192.168.1.8")));
        assert!(c.trusted_proxies[2].contains(ip("::1")));
        assert!(IpNet::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert_eq!(
            Config::from(&["--demo".into()], env(&[("TOEGANG_TRUSTED_PROXIES", "10.0.0.0/33")]))
                .unwrap_err(),
            ConfigError::Proxy("10.0.0.0/33".into())
        );
    }

    #[test]
    fn openid_connect_needs_a_client_and_redirects_to_the_public_url() {
        assert_eq!(
            Config::from(
                &["--demo".into()],
                env(&[("TOEGANG_OIDC_ISSUER", "https://idp.example")])
            )
            .unwrap_err(),
            ConfigError::OidcIncomplete("TOEGANG_OIDC_CLIENT_ID")
        );
        let c = Config::from(
            &[],
            env(&[
                ("TOEGANG_PUBLIC_URL", "https://toegang.example"),
                ("TOEGANG_SECRET_KEY", KEY),
                ("TOEGANG_OIDC_ISSUER", "https://idp.example"),
                ("TOEGANG_OIDC_CLIENT_ID", "toegang"),
                ("TOEGANG_OIDC_CLIENT_SECRET", "s"),
            ]),
        )
        .unwrap();
        let o = c.oidc.unwrap();
        assert_eq!(o.redirect_url, "https://toegang.example/auth/oidc/terug");
        assert_eq!(o.national_number_claim, "egovNRN");
    }
}

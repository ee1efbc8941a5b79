//! Configuration from the environment and the command line.
//!
//! | setting | flag | environment | default |
//! |---|---|---|---|
//! | bind address | `--addr` | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` |
//! | database | `--database-url` | `DATABASE_URL` | `sqlite://data/toegang.db` |
//! | demo mode | `--demo` | `TOEGANG_DEMO=1` | off |
//! | Secure cookies | | `TOEGANG_SECURE_COOKIES=0/1` | on, except on a loopback address |
//! | OpenID Connect issuer | | `TOEGANG_OIDC_ISSUER` | off (no OIDC sign-in) |
//! | its client id / secret | | `TOEGANG_OIDC_CLIENT_ID`, `TOEGANG_OIDC_CLIENT_SECRET` | required with an issuer |
//! | its redirect URL | | `TOEGANG_OIDC_REDIRECT_URL` | `http://ADDR/auth/oidc/terug` |
//! | claim with the national number | | `TOEGANG_OIDC_NATIONAL_NUMBER_CLAIM` | `egovNRN` |
//! | scopes | | `TOEGANG_OIDC_SCOPES` | `openid profile` |
//! | button label | | `TOEGANG_OIDC_LABEL` | `eID, itsme of MyGov.be` |

use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub demo: bool,
    pub secure_cookies: bool,
    pub oidc: Option<OidcConfig>,
}

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
        let secure_cookies = env("TOEGANG_SECURE_COOKIES")
            .map(|v| truthy(&v))
            .unwrap_or(!addr.ip().is_loopback());
        let oidc = match env("TOEGANG_OIDC_ISSUER").filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(issuer) => {
                let need = |k: &'static str| {
                    env(k)
                        .filter(|v| !v.trim().is_empty())
                        .ok_or(ConfigError::OidcIncomplete(k))
                };
                Some(OidcConfig {
                    issuer,
                    client_id: need("TOEGANG_OIDC_CLIENT_ID")?,
                    client_secret: need("TOEGANG_OIDC_CLIENT_SECRET")?,
                    redirect_url: env("TOEGANG_OIDC_REDIRECT_URL")
                        .unwrap_or_else(|| format!("http://{addr}/auth/oidc/terug")),
                    national_number_claim: env("TOEGANG_OIDC_NATIONAL_NUMBER_CLAIM")
                        .unwrap_or_else(|| "egovNRN".into()),
                    scopes: env("TOEGANG_OIDC_SCOPES").unwrap_or_else(|| "openid profile".into()),
                    label: env("TOEGANG_OIDC_LABEL")
                        .unwrap_or_else(|| "eID, itsme of MyGov.be".into()),
                })
            }
        };
        Ok(Config {
            addr,
            database_url,
            demo,
            secure_cookies,
            oidc,
        })
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

    #[test]
    fn defaults_flags_and_environment() {
        let c = Config::from(&[], env(&[])).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/toegang.db");
        assert!(!c.demo);
        assert!(
            !c.secure_cookies,
            "loopback serves plain http in development"
        );
        let c = Config::from(
            &["--demo".into(), "--addr".into(), "0.0.0.0:8080".into()],
            env(&[("DATABASE_URL", "sqlite::memory:")]),
        )
        .unwrap();
        assert!(c.demo && c.secure_cookies);
        assert_eq!(c.database_url, "sqlite::memory:");
        assert!(
            Config::from(&[], env(&[("TOEGANG_DEMO", "1")]))
                .unwrap()
                .demo
        );
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
    fn openid_connect_needs_a_client() {
        assert_eq!(
            Config::from(&[], env(&[("TOEGANG_OIDC_ISSUER", "https://idp.example")])).unwrap_err(),
            ConfigError::OidcIncomplete("TOEGANG_OIDC_CLIENT_ID")
        );
        let c = Config::from(
            &[],
            env(&[
                ("TOEGANG_OIDC_ISSUER", "https://idp.example"),
                ("TOEGANG_OIDC_CLIENT_ID", "toegang"),
                ("TOEGANG_OIDC_CLIENT_SECRET", "s"),
            ]),
        )
        .unwrap();
        let o = c.oidc.unwrap();
        assert_eq!(o.redirect_url, "http://127.0.0.1:3000/auth/oidc/terug");
        assert_eq!(o.national_number_claim, "egovNRN");
    }
}

//! Configuration from the environment and the command line.
//!
//! | setting | flag | environment | default |
//! |---|---|---|---|
//! | bind address | `--addr` | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` |
//! | database | `--database-url` | `DATABASE_URL` | `sqlite://data/toegang.db` |
//! | demo mode | `--demo` | `TOEGANG_DEMO=1` | off |
//! | Secure cookies | | `TOEGANG_SECURE_COOKIES=0/1` | on, except on a loopback address |

use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub demo: bool,
    pub secure_cookies: bool,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("invalid address `{0}` (expected e.g. 127.0.0.1:3000)")]
    Addr(String),
    #[error("unknown argument `{0}`; known: --demo, --addr HOST:PORT, --database-url URL")]
    Unknown(String),
    #[error("`{0}` needs a value")]
    Missing(String),
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
        Ok(Config {
            addr,
            database_url,
            demo,
            secure_cookies,
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
    }
}

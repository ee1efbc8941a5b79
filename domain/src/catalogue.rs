//! The catalogue of domains → roles (= permission groups) → online services (DESIGN.md §2).
//!
//! It is data, not code: `domain/catalogue.json` is compiled into server and browser alike,
//! so adding a service needs no code change. Codes are stable identifiers; names are labels
//! per language.

use serde::Deserialize;
use std::sync::OnceLock;

/// A label in the four portal languages.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Labels {
    pub nl: String,
    pub fr: String,
    pub de: String,
    pub en: String,
}

impl Labels {
    /// The label for a language code (`nl`, `fr`, `de`, `en`); Dutch for anything else.
    pub fn get(&self, lang: &str) -> &str {
        match lang {
            "fr" => &self.fr,
            "de" => &self.de,
            "en" => &self.en,
            _ => &self.nl,
        }
    }
}

/// An online service (e-Box Enterprise, ContactData, Chaman, Dimona, …).
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceDef {
    pub code: String,
    pub name: Labels,
}

/// A role of an enterprise in a domain; each role *is* a permission group.
#[derive(Debug, Clone, Deserialize)]
pub struct RoleDef {
    pub code: String,
    pub name: Labels,
    /// Codes of the online services this group makes available.
    pub services: Vec<String>,
    /// The code of the domain this role belongs to (filled in on load).
    #[serde(skip)]
    pub domain: String,
}

impl RoleDef {
    /// Whether `service` is one of this group's services.
    pub fn offers(&self, service: &str) -> bool {
        self.services.iter().any(|s| s == service)
    }
}

/// A domain (e.g. "Sociale zekerheid") with the roles an enterprise can have in it.
#[derive(Debug, Clone, Deserialize)]
pub struct DomainDef {
    pub code: String,
    pub name: Labels,
    pub roles: Vec<RoleDef>,
}

/// The whole catalogue.
#[derive(Debug, Clone, Deserialize)]
pub struct Catalogue {
    pub services: Vec<ServiceDef>,
    pub domains: Vec<DomainDef>,
}

/// The error of a catalogue that breaks its own invariants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("catalogue is not valid JSON: {0}")]
    Syntax(String),
    #[error("code `{0}` is used twice")]
    DuplicateCode(String),
    #[error("role `{role}` names unknown service `{service}`")]
    UnknownService { role: String, service: String },
    #[error("role `{0}` offers no service")]
    EmptyRole(String),
}

static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

impl Catalogue {
    /// The catalogue compiled into this program. Its invariants are checked by a unit test,
    /// so the `expect` can only fire on a build whose tests failed.
    pub fn get() -> &'static Catalogue {
        CATALOGUE.get_or_init(|| {
            Catalogue::parse(include_str!("../catalogue.json"))
                .expect("the compiled-in catalogue is checked by its unit tests")
        })
    }

    /// Parses and checks a catalogue: unique codes (domains, roles and services each),
    /// roles name only known services, every role offers at least one service.
    pub fn parse(json: &str) -> Result<Catalogue, CatalogueError> {
        let mut c: Catalogue =
            serde_json::from_str(json).map_err(|e| CatalogueError::Syntax(e.to_string()))?;
        let mut seen = std::collections::BTreeSet::new();
        for s in &c.services {
            if !seen.insert(format!("service:{}", s.code)) {
                return Err(CatalogueError::DuplicateCode(s.code.clone()));
            }
        }
        for d in &mut c.domains {
            if !seen.insert(format!("domain:{}", d.code)) {
                return Err(CatalogueError::DuplicateCode(d.code.clone()));
            }
            for r in &mut d.roles {
                if !seen.insert(format!("role:{}", r.code)) {
                    return Err(CatalogueError::DuplicateCode(r.code.clone()));
                }
                if r.services.is_empty() {
                    return Err(CatalogueError::EmptyRole(r.code.clone()));
                }
                r.domain = d.code.clone();
            }
        }
        for r in c.domains.iter().flat_map(|d| &d.roles) {
            for s in &r.services {
                if !c.services.iter().any(|x| &x.code == s) {
                    return Err(CatalogueError::UnknownService {
                        role: r.code.clone(),
                        service: s.clone(),
                    });
                }
            }
        }
        Ok(c)
    }

    /// Every role (permission group) of every domain.
    pub fn roles(&self) -> impl Iterator<Item = &RoleDef> {
        self.domains.iter().flat_map(|d| d.roles.iter())
    }

    pub fn role(&self, code: &str) -> Option<&RoleDef> {
        self.roles().find(|r| r.code == code)
    }

    pub fn domain(&self, code: &str) -> Option<&DomainDef> {
        self.domains.iter().find(|d| d.code == code)
    }

    pub fn service(&self, code: &str) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.code == code)
    }

    /// The name of a service in a language, or its code when unknown.
    pub fn service_name<'a>(&'a self, code: &'a str, lang: &str) -> &'a str {
        self.service(code).map(|s| s.name.get(lang)).unwrap_or(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_in_catalogue_is_valid_and_has_the_required_content() {
        let c = Catalogue::parse(include_str!("../catalogue.json")).unwrap();
        assert!(c.domains.len() >= 2, "several domains");
        let sz = c.domain("sociale-zekerheid").unwrap();
        assert_eq!(sz.name.nl, "Sociale zekerheid");
        for role in ["werkgever", "sociaal-secretariaat", "dienstverrichter"] {
            assert_eq!(c.role(role).unwrap().domain, "sociale-zekerheid");
        }
        for s in ["ebox", "contactdata", "chaman", "dimona", "dmfa"] {
            assert!(c.service(s).is_some(), "{s}");
        }
        assert_eq!(c.service_name("ebox", "nl"), "e-Box Enterprise");
        assert!(c.role("werkgever").unwrap().offers("dimona"));
        assert!(!c.role("dienstverrichter").unwrap().offers("dimona"));
    }

    #[test]
    fn rejects_duplicate_codes_unknown_services_and_empty_roles() {
        let dup = r#"{"services":[{"code":"a","name":{"nl":"A","fr":"A","de":"A","en":"A"}}],
          "domains":[{"code":"d","name":{"nl":"D","fr":"D","de":"D","en":"D"},"roles":[
            {"code":"r","name":{"nl":"R","fr":"R","de":"R","en":"R"},"services":["a"]},
            {"code":"r","name":{"nl":"R","fr":"R","de":"R","en":"R"},"services":["a"]}]}]}"#;
        assert_eq!(
            Catalogue::parse(dup).unwrap_err(),
            CatalogueError::DuplicateCode("r".into())
        );
        let good = dup.replacen(r#"{"code":"r","#, r#"{"code":"s","#, 1);
        assert!(Catalogue::parse(&good).is_ok());
        let unknown = good.replacen(r#""services":["a"]},"#, r#""services":["zz"]},"#, 1);
        assert!(matches!(
            Catalogue::parse(&unknown),
            Err(CatalogueError::UnknownService { .. })
        ));
        let empty = good.replacen(r#""services":["a"]},"#, r#""services":[]},"#, 1);
        assert_eq!(
            Catalogue::parse(&empty).unwrap_err(),
            CatalogueError::EmptyRole("s".into())
        );
        assert!(matches!(
            Catalogue::parse("{"),
            Err(CatalogueError::Syntax(_))
        ));
    }

    #[test]
    fn labels_fall_back_to_dutch() {
        let c = Catalogue::get();
        let d = c.domain("fiscaliteit").unwrap();
        assert_eq!(d.name.get("fr"), "Fiscalité");
        assert_eq!(d.name.get("xx"), "Fiscaliteit");
    }
}

//! ContactData (R11): the enterprise's postal address, general e-mail address and
//! telephone number, and a contact person per role. Parsed field by field; every wrong
//! field is reported at once, so a form can show all its errors together.

use crate::contact::{text, ContactError, Email, PhoneNumber, PostalCode};
use serde::{Deserialize, Serialize};

/// The enterprise's address and general contact, normalised (as stored and shown).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseContact {
    pub street: String,
    pub postal_code: String,
    pub municipality: String,
    pub email: String,
    pub phone: String,
    /// The language of the messages sent to this address (the e-Box notification).
    pub language: String,
    /// The country of the address (ISO 3166-1 alpha-2, one of `contact::COUNTRIES`).
    #[serde(default = "belgium")]
    pub country: String,
}

fn belgium() -> String {
    crate::contact::COUNTRIES[0].to_owned()
}

/// The contact person for one role (= permission group), normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPerson {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// A refused field: its form name and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub error: ContactError,
}

fn check<T>(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    r: Result<T, ContactError>,
) -> Option<T> {
    r.map_err(|error| errors.push(FieldError { field, error }))
        .ok()
}

/// The enterprise's postal address as typed (R11), before parsing.
#[derive(Debug, Clone, Copy)]
pub struct AddressInput<'a> {
    pub country: &'a str,
    pub street: &'a str,
    pub postal_code: &'a str,
    pub municipality: &'a str,
}

/// R11: the enterprise's contact data as typed → normalised, or every refused field. The
/// address may be abroad: its postal code is then checked as its country writes them.
pub fn parse_enterprise_contact(
    address: AddressInput<'_>,
    email: &str,
    phone: &str,
    language: &str,
) -> Result<EnterpriseContact, Vec<FieldError>> {
    let mut e = Vec::new();
    let language = check(&mut e, "language", crate::contact::language(language));
    let country = check(&mut e, "country", crate::contact::country(address.country));
    let (street, postal_code, municipality) = (address.street, address.postal_code, address.municipality);
    let street = check(&mut e, "street", text(street, 200));
    let postal_code = match country {
        Some(c) => check(&mut e, "postal_code", PostalCode::parse_in(c, postal_code)),
        None => None,
    };
    let municipality = check(&mut e, "municipality", text(municipality, 100));
    let email = check(&mut e, "email", Email::parse(email));
    let phone = check(&mut e, "phone", PhoneNumber::parse(phone));
    match (street, postal_code, municipality, email, phone, language, country) {
        (Some(street), Some(pc), Some(municipality), Some(email), Some(phone), Some(language), Some(country))
            if e.is_empty() =>
        {
            Ok(EnterpriseContact {
                street,
                postal_code: pc.as_str().to_owned(),
                municipality,
                email: email.as_str().to_owned(),
                phone: phone.as_str().to_owned(),
                language: language.to_owned(),
                country: country.to_owned(),
            })
        }
        _ => Err(e),
    }
}

/// R11: a role's contact person as typed → normalised, or every refused field.
pub fn parse_contact_person(
    name: &str,
    email: &str,
    phone: &str,
) -> Result<ContactPerson, Vec<FieldError>> {
    let mut e = Vec::new();
    let name = check(&mut e, "name", crate::contact::name(name));
    let email = check(&mut e, "email", Email::parse(email));
    let phone = check(&mut e, "phone", PhoneNumber::parse(phone));
    match (name, email, phone) {
        (Some(name), Some(email), Some(phone)) if e.is_empty() => Ok(ContactPerson {
            name,
            email: email.as_str().to_owned(),
            phone: phone.as_str().to_owned(),
        }),
        _ => Err(e),
    }
}

impl crate::error::Coded for FieldError {
    fn code(&self) -> &'static str {
        self.error.code()
    }
    fn field(&self) -> Option<&'static str> {
        Some(self.field)
    }
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Invalid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_address_is_normalised() {
        let be = AddressInput { country: "", street: " Kerkstraat 1 ", postal_code: "B-9000", municipality: "Gent" };
        let c = parse_enterprise_contact(
            be,
            "info@bouw.be",
            "+32 9 123 45 67",
            "FR",
        )
        .unwrap();
        assert_eq!(c.language, "fr");
        assert_eq!(c.postal_code, "9000");
        assert_eq!(c.phone, "+3291234567");
        assert_eq!(c.street, "Kerkstraat 1");
        assert_eq!(c.country, "BE");
    }

    #[test]
    fn an_address_abroad_takes_its_countrys_postal_codes() {
        let nl = AddressInput { country: "nl", street: "Damrak 1", postal_code: "1012lg", municipality: "Amsterdam" };
        let c = parse_enterprise_contact(nl, "info@bouw.nl", "+31 20 123 4567", "nl").unwrap();
        assert_eq!((c.country.as_str(), c.postal_code.as_str()), ("NL", "1012 LG"));
        // A Belgian code for a Dutch address, and an unknown country, are refused.
        let wrong = AddressInput { postal_code: "9000", ..nl };
        let e = parse_enterprise_contact(wrong, "info@bouw.nl", "+31 20 123 4567", "nl").unwrap_err();
        assert_eq!(e[0].error.code(), "contact.postal_code_foreign_invalid");
        let nowhere = AddressInput { country: "XX", ..nl };
        let e = parse_enterprise_contact(nowhere, "info@bouw.nl", "+31 20 123 4567", "nl").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["country"]);
    }

    #[test]
    fn every_wrong_field_is_reported() {
        let typed = AddressInput { country: "BE", street: "", postal_code: "999", municipality: "Gent" };
        let e = parse_enterprise_contact(typed, "info@", "09 123 45", "xx").unwrap_err();
        let fields: Vec<(&str, &str)> = e.iter().map(|f| (f.field, f.error.code())).collect();
        assert_eq!(
            fields,
            [
                ("language", "contact.language_invalid"),
                ("street", "contact.required"),
                ("postal_code", "contact.postal_code_invalid"),
                ("email", "contact.email_invalid"),
                ("phone", "contact.phone_invalid"),
            ]
        );
    }

    #[test]
    fn contact_person() {
        let p = parse_contact_person("Eva Willems", "eva@bouw.be", "0032 475 12 34 56").unwrap();
        assert_eq!(p.phone, "+32475123456");
        let e = parse_contact_person(" ", "eva", "+32").unwrap_err();
        assert_eq!(e.len(), 3);
    }
}

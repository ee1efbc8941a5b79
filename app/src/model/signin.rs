//! Sign-in (DESIGN.md §4): the means offered and the steps of a sign-in under way.

use serde::{Deserialize, Serialize};

/// A person one may sign in as on the demo sign-in page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoPerson {
    pub national_number: String,
    pub name: String,
    /// The mandates this person holds (none: a member of staff).
    pub mandates: Vec<domain::Mandate>,
}

/// The sign-in means this server offers (DESIGN.md §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailableMeans {
    /// The label of the OpenID Connect button (e.g. "eID, itsme of MyGov.be"), when set up.
    pub oidc: Option<String>,
    /// People of the demo enterprise (demo mode only; empty otherwise).
    pub demo: Vec<DemoPerson>,
}

/// An enterprise one may act for, offered when a person has several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseChoice {
    pub id: i64,
    pub number: String,
    pub name: String,
}

/// The next step of a sign-in that is under way (password + TOTP, or several enterprises).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PendingStep {
    /// A temporary password must be replaced first.
    ChangePassword { username: String },
    /// An authenticator app must be linked: scan the QR code or type the secret.
    EnrolTotp {
        username: String,
        uri: String,
        secret: String,
        qr_svg: String,
    },
    /// Choose the enterprise to act for.
    ChooseEnterprise { choices: Vec<EnterpriseChoice> },
}

//! The contract between the pages and the server: data shapes, the typed error, and the
//! server functions. Each server function is a one-line call into the [`Backend`] the
//! server provides (hexagonal: the app never sees SQL).

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use crate::backend::{backend, pending, signed_in};

/// One problem with a request: a stable code (translated by the page) and the form field
/// it belongs to, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The typed error of every server function. It carries stable codes, never internals,
/// and (for forms) the submitted values, so that a page re-rendered without JavaScript
/// shows what was typed next to the error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.codes())]
pub struct ApiError {
    pub problems: Vec<Problem>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub echo: BTreeMap<String, String>,
}

impl ApiError {
    pub fn new(code: impl Into<String>) -> Self {
        ApiError {
            problems: vec![Problem {
                code: code.into(),
                field: None,
            }],
            echo: BTreeMap::new(),
        }
    }

    pub fn with_echo(mut self, key: &str, value: impl Into<String>) -> Self {
        self.echo.insert(key.to_owned(), value.into());
        self
    }

    pub fn codes(&self) -> String {
        self.problems
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The first problem of a field (`None`: problems that belong to no field).
    pub fn for_field(&self, field: Option<&str>) -> Vec<&Problem> {
        self.problems
            .iter()
            .filter(|p| p.field.as_deref() == field)
            .collect()
    }

    pub fn has(&self, code: &str) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }

    /// The HTTP status that fits this error (the server sets it on JSON answers).
    pub fn status(&self) -> u16 {
        let code = self.problems.first().map(|p| p.code.as_str()).unwrap_or("");
        match code {
            "auth.required" | "auth.no_pending_sign_in" => 401,
            "request.cross_origin"
            | "rule.not_manager_of_group"
            | "rule.not_manager_of_every_group"
            | "rule.own_powers"
            | "rule.main_access_manager_protected"
            | "rule.may_not_appoint"
            | "rule.no_service_access"
            | "chaman.no_sender"
            | "auth.not_active" => 403,
            "not_found.group"
            | "not_found.user"
            | "not_found.mandate"
            | "auth.demo_disabled"
            | "chaman.channel_not_found"
            | "ebox.not_found" => 404,
            "rule.already_member"
            | "rule.slot_taken"
            | "rule.already_appointed"
            | "chaman.sender_exists"
            | "chaman.already_active"
            | "chaman.already_inactive"
            | "chaman.too_many_channels"
            | "ebox.already_done"
            | "rule.already_blocked"
            | "rule.not_blocked"
            | "request.replayed" => 409,
            c if c.starts_with("server.") => 500,
            _ => 422,
        }
    }
}

impl From<domain::RuleError> for ApiError {
    fn from(e: domain::RuleError) -> Self {
        ApiError::from(vec![e])
    }
}

impl From<Vec<domain::contact_data::FieldError>> for ApiError {
    fn from(errors: Vec<domain::contact_data::FieldError>) -> Self {
        ApiError {
            problems: errors
                .iter()
                .map(|e| Problem {
                    code: e.error.code().to_owned(),
                    field: Some(e.field.to_owned()),
                })
                .collect(),
            echo: BTreeMap::new(),
        }
    }
}

impl From<domain::ebox::EboxError> for ApiError {
    fn from(e: domain::ebox::EboxError) -> Self {
        ApiError::new(e.code())
    }
}

impl From<domain::chaman::ChamanError> for ApiError {
    fn from(e: domain::chaman::ChamanError) -> Self {
        let field = match e {
            domain::chaman::ChamanError::KindInvalid => Some("kind"),
            domain::chaman::ChamanError::EnvironmentInvalid => Some("environment"),
            domain::chaman::ChamanError::LoginInvalid
            | domain::chaman::ChamanError::SshKeyInvalid
            | domain::chaman::ChamanError::CertificateInvalid
            | domain::chaman::ChamanError::CertificateExpired
            | domain::chaman::ChamanError::CertificateNotYetValid
            | domain::chaman::ChamanError::PublicKeyInvalid
            | domain::chaman::ChamanError::CredentialTooLong
            | domain::chaman::ChamanError::WeakKey => Some("credential"),
            _ => None,
        };
        ApiError {
            problems: vec![Problem {
                code: e.code().to_owned(),
                field: field.map(str::to_owned),
            }],
            echo: BTreeMap::new(),
        }
    }
}

impl From<Vec<domain::RuleError>> for ApiError {
    fn from(errors: Vec<domain::RuleError>) -> Self {
        ApiError {
            problems: errors
                .iter()
                .map(|e| Problem {
                    code: e.code().to_owned(),
                    field: e.field().map(|f| f.name().to_owned()),
                })
                .collect(),
            echo: BTreeMap::new(),
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not even deserialize: bad input, not a server fault.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => ApiError::new("request.malformed"),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                ApiError::new("request.network")
            }
            _ => ApiError::new("server.internal"),
        }
    }
}

/// The signed-in person, as every page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub national_number: Option<String>,
    pub enterprise_name: String,
    pub enterprise_number: String,
    pub enterprise_status: String,
    /// Labels of the person's mandates, e.g. "Hoofdtoegangsbeheerder".
    pub mandates: Vec<domain::Mandate>,
    /// Which of the portal's own services this person reaches (R11–R13).
    pub portal: domain::services::PortalAccess,
    pub demo: bool,
}

impl Me {
    /// The signed-in person as the rules see it (for checks in the browser).
    pub fn actor(&self) -> domain::rules::Actor {
        domain::rules::Actor {
            national_number: self
                .national_number
                .as_deref()
                .and_then(|n| domain::NationalNumber::parse(n).ok()),
            mandates: domain::Mandates(self.mandates.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub code: String,
    pub domain: String,
    pub users: u64,
    pub blocked: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub me: Me,
    /// R6: only the groups this manager manages.
    pub groups: Vec<GroupSummary>,
}

/// One user's membership of one group, as a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub national_number: String,
    pub name: String,
    pub group: String,
    pub services: Vec<String>,
    pub blocked: bool,
    pub is_main_access_manager: bool,
}

impl MemberRow {
    /// This membership as the rules see it; `None` for an unknown group or number.
    pub fn as_rule_view(&self) -> Option<domain::rules::Membership<'static>> {
        Some(domain::rules::Membership {
            group: domain::Catalogue::get().role(&self.group)?,
            person: domain::NationalNumber::parse(&self.national_number).ok()?,
            person_is_main_access_manager: self.is_main_access_manager,
            blocked: self.blocked,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(self.per_page.max(1) as u64) as u32).max(1)
    }
}

/// A person holding a mandate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holder {
    pub national_number: String,
    pub name: String,
}

/// ContactData (R11): the enterprise's contact data, a contact person per role, and the
/// history of changes (who, when, before → after).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactDataView {
    pub me: Me,
    pub contact: Option<domain::contact_data::EnterpriseContact>,
    /// (role code, its contact person) for every role of the enterprise.
    pub roles: Vec<(String, Option<domain::contact_data::ContactPerson>)>,
    pub history: Vec<HistoryItem>,
}

/// The fields of a JSON object as (name, value) pairs, strings without their quotes (for
/// hidden form fields and for histories).
pub fn object_fields(v: Option<serde_json::Value>) -> Vec<(String, String)> {
    match v {
        Some(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let text = v
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string());
                (k, text)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Chaman (R12): the enterprise's sender (its one technical contact) and its channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChamanView {
    pub me: Me,
    pub sender: Option<domain::contact_data::ContactPerson>,
    pub channels: Vec<ChannelView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelView {
    pub id: i64,
    /// `ftp`, `sftp`, `soap` or `rest`.
    pub kind: String,
    /// `test` or `production`.
    pub environment: String,
    pub active: bool,
    /// What the parser found, e.g. ("Vingerafdruk", "SHA256:…").
    pub summary: Vec<(String, String)>,
    pub created_at: String,
}

/// e-Box Enterprise (R13): one page of the enterprise's documents, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EboxList {
    pub me: Me,
    pub documents: Page<DocumentSummary>,
    /// The filters in force, as given: (service, type, from, until).
    pub filter: (String, String, String, String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: i64,
    pub sender: String,
    pub service: String,
    pub doc_type: String,
    pub is_task: bool,
    pub title: String,
    /// `YYYY-MM-DD`
    pub published: String,
    /// Not yet opened by the signed-in person.
    pub unread: bool,
    pub done: bool,
    /// Days left when the document is near the end of its retention period.
    pub expires_in_days: Option<i64>,
    pub attachments: usize,
}

/// One document, opened (which marks it read for the signed-in person).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EboxDocument {
    pub me: Me,
    pub summary: DocumentSummary,
    pub body: String,
    /// `YYYY-MM-DD`: removed from the e-Box that day.
    pub expires: String,
    /// (`YYYY-MM-DD`, who) when the task was marked done.
    pub done: Option<(String, String)>,
    /// (id, name, content type, size in bytes)
    pub attachments: Vec<(i64, String, String, i64)>,
}

/// One change in a history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub at: String,
    pub who: String,
    /// What changed: `address` or the role code of a contact person.
    pub what: String,
    pub before: Vec<(String, String)>,
    pub after: Vec<(String, String)>,
}

/// "Beheer der toegangsbeheerders": the co-main access managers, and the access manager of
/// each activated domain (R4, R5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagersData {
    pub me: Me,
    pub co_main_access_managers: Vec<Holder>,
    /// (domain code, its access manager) for every activated domain.
    pub domains: Vec<(String, Option<Holder>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupData {
    pub me: Me,
    pub group: String,
    /// The group's one group manager (R5), if appointed.
    pub group_manager: Option<Holder>,
    pub members: Page<MemberRow>,
    pub query: String,
}

/// A person's memberships, limited to the groups the viewer manages (R6), with the count
/// of the others so the viewer knows they exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserData {
    pub me: Me,
    pub national_number: String,
    pub name: String,
    pub is_main_access_manager: bool,
    pub memberships: Vec<MemberRow>,
    pub other_groups: u64,
}

/// A row of the "Gebruikers" list: one person with the managed groups they are in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub national_number: String,
    pub name: String,
    pub groups: Vec<String>,
    pub blocked_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsersData {
    pub me: Me,
    pub users: Page<UserRow>,
    pub query: String,
}

/// A person one may sign in as on the demo sign-in page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoPerson {
    pub national_number: String,
    pub name: String,
    pub role: String,
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

// ---- reads ----

#[server(endpoint = "home")]
pub async fn home() -> Result<HomeData, ApiError> {
    backend()?.home(&signed_in()?).await
}

#[server(endpoint = "group")]
pub async fn group_view(group: String, query: String, page: u32) -> Result<GroupData, ApiError> {
    backend()?
        .group_view(&signed_in()?, &group, &query, page)
        .await
}

#[server(endpoint = "users")]
pub async fn users_view(query: String, page: u32) -> Result<UsersData, ApiError> {
    backend()?.users_view(&signed_in()?, &query, page).await
}

#[server(endpoint = "user")]
pub async fn user_view(national_number: String) -> Result<UserData, ApiError> {
    backend()?.user_view(&signed_in()?, &national_number).await
}

#[server(endpoint = "managers")]
pub async fn managers_view() -> Result<ManagersData, ApiError> {
    backend()?.managers_view(&signed_in()?).await
}

#[server(endpoint = "sign_in_means")]
pub async fn sign_in_means() -> Result<AvailableMeans, ApiError> {
    backend()?.sign_in_means().await
}

#[server(endpoint = "pending_sign_in")]
pub async fn pending_sign_in() -> Result<PendingStep, ApiError> {
    backend()?.pending_step(&pending()?).await
}

// ---- changes (POST, same origin, authorised through `domain`, one transaction, audited,
// applied once per idempotency key) ----

/// The command behind "Voeg gebruiker toe".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddUserCommand {
    pub group: String,
    pub national_number: String,
    pub services: Vec<String>,
    pub idempotency_key: String,
}

/// What a membership change acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MembershipChange {
    Block,
    Unblock,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EverywhereChange {
    Block,
    Unblock,
}

#[server(endpoint = "add_user")]
pub async fn add_user(
    group: String,
    national_number: String,
    #[server(default)] services: Vec<String>,
    idempotency_key: String,
) -> Result<(), ApiError> {
    let echo = (national_number.clone(), services.join(","));
    backend()?
        .add_user(
            &signed_in()?,
            AddUserCommand {
                group,
                national_number,
                services,
                idempotency_key,
            },
        )
        .await
        // Without JavaScript the page is re-rendered from the error: give back what was typed.
        .map_err(|e| {
            e.with_echo("national_number", echo.0)
                .with_echo("services", echo.1)
        })
}

#[server(endpoint = "change_membership")]
pub async fn change_membership(
    group: String,
    national_number: String,
    change: MembershipChange,
    idempotency_key: String,
) -> Result<MembershipChange, ApiError> {
    backend()?
        .change_membership(
            &signed_in()?,
            &group,
            &national_number,
            change,
            &idempotency_key,
        )
        .await?;
    if change == MembershipChange::Delete {
        // The membership is gone: back to the group's list (built from the catalogue's
        // code, never from raw input, as it becomes a header).
        if let Some(role) = domain::Catalogue::get().role(&group) {
            leptos_axum::redirect(&format!("/groepen/{}", role.code));
        }
    }
    // The page needs to know what was applied (after a deletion there is nothing to show).
    Ok(change)
}

#[server(endpoint = "change_everywhere")]
pub async fn change_everywhere(
    national_number: String,
    change: EverywhereChange,
    idempotency_key: String,
) -> Result<(), ApiError> {
    backend()?
        .change_everywhere(&signed_in()?, &national_number, change, &idempotency_key)
        .await?;
    // Leave the confirmation step (the path is built from the parsed number only).
    if let Ok(nn) = domain::NationalNumber::parse(&national_number) {
        leptos_axum::redirect(&format!("/gebruikers/{}", nn.digits()));
    }
    Ok(())
}

#[server(endpoint = "contact_data")]
pub async fn load_contact_data() -> Result<ContactDataView, ApiError> {
    backend()?.contact_data_view(&signed_in()?).await
}

/// Saves the enterprise's address and general contact (R11).
#[server(endpoint = "save_contact_data")]
pub async fn save_contact_data(
    street: String,
    postal_code: String,
    municipality: String,
    email: String,
    phone: String,
    idempotency_key: String,
) -> Result<(), ApiError> {
    let typed = [
        ("street", street.clone()),
        ("postal_code", postal_code.clone()),
        ("municipality", municipality.clone()),
        ("email", email.clone()),
        ("phone", phone.clone()),
    ];
    let form = domain::contact_data::parse_enterprise_contact(
        &street,
        &postal_code,
        &municipality,
        &email,
        &phone,
    );
    let result = match form {
        Err(e) => Err(ApiError::from(e)),
        Ok(contact) => {
            backend()?
                .save_contact_data(&signed_in()?, contact, &idempotency_key)
                .await
        }
    };
    // Without JavaScript: the form and what was typed in it.
    result.map_err(|e| echo_all(e.with_echo("form", "address".to_owned()), typed))
}

/// Saves the contact person of one role (R11).
#[server(endpoint = "save_contact_person")]
pub async fn save_contact_person(
    group: String,
    name: String,
    email: String,
    phone: String,
    idempotency_key: String,
) -> Result<(), ApiError> {
    let typed = [
        ("name", name.clone()),
        ("email", email.clone()),
        ("phone", phone.clone()),
    ];
    let result = match domain::contact_data::parse_contact_person(&name, &email, &phone) {
        Err(e) => Err(ApiError::from(e)),
        Ok(person) => {
            backend()?
                .save_contact_person(&signed_in()?, &group, person, &idempotency_key)
                .await
        }
    };
    result.map_err(|e| echo_all(e.with_echo("form", group.clone()), typed))
}

#[cfg(feature = "ssr")]
fn echo_all<const N: usize>(mut e: ApiError, typed: [(&str, String); N]) -> ApiError {
    for (k, v) in typed {
        e = e.with_echo(k, v);
    }
    e
}

/// Changes which of a group's services a user may use (R7), e.g. grants Chaman (R12).
#[server(endpoint = "change_services")]
pub async fn change_services(
    group: String,
    national_number: String,
    #[server(default)] services: Vec<String>,
    idempotency_key: String,
) -> Result<(), ApiError> {
    let echo = services.join(",");
    backend()?
        .change_services(
            &signed_in()?,
            &group,
            &national_number,
            services,
            &idempotency_key,
        )
        .await
        .map_err(|e| e.with_echo("services", echo))
}

#[server(endpoint = "chaman")]
pub async fn load_chaman() -> Result<ChamanView, ApiError> {
    backend()?.chaman_view(&signed_in()?).await
}

/// First use of Chaman: the enterprise's sender with its one technical contact.
#[server(endpoint = "create_sender")]
pub async fn create_sender(
    name: String,
    email: String,
    phone: String,
    idempotency_key: String,
) -> Result<(), ApiError> {
    let typed = [
        ("name", name.clone()),
        ("email", email.clone()),
        ("phone", phone.clone()),
    ];
    let result = match domain::contact_data::parse_contact_person(&name, &email, &phone) {
        Err(e) => Err(ApiError::from(e)),
        Ok(contact) => {
            backend()?
                .create_sender(&signed_in()?, contact, &idempotency_key)
                .await
        }
    };
    result.map_err(|e| echo_all(e.with_echo("form", "sender".to_owned()), typed))
}

/// A new channel (inactive until activated), with its credential.
#[server(endpoint = "add_channel")]
pub async fn add_channel(
    kind: String,
    environment: String,
    credential: String,
    idempotency_key: String,
) -> Result<(), ApiError> {
    // Typed text comes back to the page (without JavaScript, in the URL): not when oversize.
    let shown = if credential.len() <= domain::chaman::MAX_CREDENTIAL_CHARS {
        credential.clone()
    } else {
        String::new()
    };
    let typed = [
        ("kind", kind.clone()),
        ("environment", environment.clone()),
        ("credential", shown),
    ];
    backend()?
        .add_channel(
            &signed_in()?,
            &kind,
            &environment,
            &credential,
            &idempotency_key,
        )
        .await
        .map_err(|e| echo_all(e.with_echo("form", "channel".to_owned()), typed))
}

/// Activates or deactivates a channel.
#[server(endpoint = "channel_active")]
pub async fn set_channel_active(
    channel: i64,
    active: bool,
    idempotency_key: String,
) -> Result<(), ApiError> {
    backend()?
        .set_channel_active(&signed_in()?, channel, active, &idempotency_key)
        .await
}

#[server(endpoint = "ebox")]
pub async fn load_ebox(
    #[server(default)] service: String,
    #[server(default)] doc_type: String,
    #[server(default)] from: String,
    #[server(default)] until: String,
    page: u32,
) -> Result<EboxList, ApiError> {
    backend()?
        .ebox_view(&signed_in()?, (service, doc_type, from, until), page)
        .await
}

#[server(endpoint = "ebox_document")]
pub async fn load_ebox_document(id: i64) -> Result<EboxDocument, ApiError> {
    backend()?.ebox_document(&signed_in()?, id).await
}

/// Marks an e-Box task done.
#[server(endpoint = "complete_task")]
pub async fn complete_task(document: i64, idempotency_key: String) -> Result<(), ApiError> {
    backend()?
        .complete_task(&signed_in()?, document, &idempotency_key)
        .await
}

/// Appoints a helper (R4, R5): `kind` and `scope` as in [`domain::Mandate::from_parts`].
#[server(endpoint = "appoint")]
pub async fn appoint(
    kind: String,
    scope: String,
    national_number: String,
    idempotency_key: String,
) -> Result<(), ApiError> {
    let echo = (format!("{kind}:{scope}"), national_number.clone());
    backend()?
        .appoint(
            &signed_in()?,
            &kind,
            &scope,
            &national_number,
            &idempotency_key,
        )
        .await
        // Without JavaScript: which form failed, and what was typed in it.
        .map_err(|e| {
            e.with_echo("form", echo.0)
                .with_echo("national_number", echo.1)
        })
}

/// Revokes a helper's mandate (R4 mirrored).
#[server(endpoint = "revoke")]
pub async fn revoke(
    kind: String,
    scope: String,
    national_number: String,
    idempotency_key: String,
) -> Result<(), ApiError> {
    backend()?
        .revoke(
            &signed_in()?,
            &kind,
            &scope,
            &national_number,
            &idempotency_key,
        )
        .await
}

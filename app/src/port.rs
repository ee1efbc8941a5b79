//! The ports the server implements (server side only), one trait per feature, and
//! [`Backend`], their sum. Server functions call them in one line; the server provides an
//! implementation through Leptos context.

use crate::error::ApiError;
use crate::model::*;
use std::sync::Arc;

/// Who is signed in, resolved by the server from the session before any page or server
/// function runs, and placed in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub person_id: i64,
    pub enterprise_id: i64,
    /// The API token this request came with (the management API, docs/api.md); `None`
    /// for a signed-in session. Changes made through it name it in their audit row.
    pub api_token: Option<i64>,
}

/// A sign-in under way: the person is known but must still change a temporary password,
/// link an authenticator app, or choose an enterprise. Also from the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub person_id: i64,
    pub stage: PendingStage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingStage {
    ChangePassword,
    EnrolTotp,
    ChooseEnterprise,
}

impl PendingStage {
    pub fn code(self) -> &'static str {
        match self {
            PendingStage::ChangePassword => "change_password",
            PendingStage::EnrolTotp => "enrol_totp",
            PendingStage::ChooseEnterprise => "choose_enterprise",
        }
    }
    pub fn parse(code: &str) -> Option<PendingStage> {
        [
            PendingStage::ChangePassword,
            PendingStage::EnrolTotp,
            PendingStage::ChooseEnterprise,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// Users per group (R6–R10): the start page, a group, and the changes to one membership.
#[async_trait::async_trait]
pub trait Memberships: Send + Sync {
    async fn home(&self, who: &SignedIn) -> Result<HomeData, ApiError>;
    async fn group_view(
        &self,
        who: &SignedIn,
        group: &str,
        query: &str,
        page: u32,
    ) -> Result<GroupData, ApiError>;
    /// Adds a user to a group; the user's name (empty for a replayed request).
    async fn add_user(&self, who: &SignedIn, cmd: AddUserCommand) -> Result<String, ApiError>;
    /// Checks every rule of adding this user and answers the user's name, writing nothing
    /// (the confirmation step of a form posted without JavaScript).
    async fn check_add_user(&self, who: &SignedIn, cmd: AddUserCommand) -> Result<String, ApiError>;
    /// Changes a member's services; the member's name and how to undo it.
    async fn change_services(
        &self,
        who: &SignedIn,
        group: &str,
        national_number: &str,
        services: Vec<String>,
        idempotency_key: &str,
    ) -> Result<Changed, ApiError>;
    /// Blocks, unblocks or deletes a member; the member's name and how to undo it (not a
    /// delete).
    async fn change_membership(
        &self,
        who: &SignedIn,
        group: &str,
        national_number: &str,
        change: MembershipChange,
        idempotency_key: &str,
    ) -> Result<Changed, ApiError>;
    /// "Ongedaan maken": applies `undo` if the membership is still as the change left it;
    /// what that did and how to undo it in turn.
    async fn undo_change(
        &self,
        who: &SignedIn,
        undo: Undo,
        idempotency_key: &str,
    ) -> Result<Changed, ApiError>;
}

/// "Gebruikers": the users of the groups one manages, one user across those groups, and
/// blocking or unblocking in every group (R8).
#[async_trait::async_trait]
pub trait Users: Send + Sync {
    async fn users_view(
        &self,
        who: &SignedIn,
        query: &str,
        page: u32,
    ) -> Result<UsersData, ApiError>;
    async fn user_view(&self, who: &SignedIn, national_number: &str) -> Result<UserData, ApiError>;
    async fn change_everywhere(
        &self,
        who: &SignedIn,
        national_number: &str,
        change: EverywhereChange,
        idempotency_key: &str,
    ) -> Result<String, ApiError>;
}

/// The enterprise's staff register, asked by a manager who types a national number
/// (R4, R7): the name it gives the person, if it holds them.
#[async_trait::async_trait]
pub trait StaffRegister: Send + Sync {
    async fn look_up_staff(&self, who: &SignedIn, national_number: &str) -> Result<StaffLookup, ApiError>;
}

/// Helpers (R4, R5): "Beheer der Toegangsbeheerders", appointing and revoking.
#[async_trait::async_trait]
pub trait Appointments: Send + Sync {
    async fn managers_view(&self, who: &SignedIn) -> Result<ManagersData, ApiError>;
    /// Appoints a helper; the appointee's name (empty for a replayed request).
    async fn appoint(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<String, ApiError>;
    /// Checks every rule of this appointment and answers the appointee's name, writing
    /// nothing (the confirmation step of a form posted without JavaScript).
    async fn check_appoint(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<String, ApiError>;
    /// Revokes a mandate; the former holder's name (empty for a replayed request).
    async fn revoke(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<String, ApiError>;
}

/// ContactData (R11).
#[async_trait::async_trait]
pub trait ContactData: Send + Sync {
    async fn contact_data_view(&self, who: &SignedIn) -> Result<ContactDataView, ApiError>;
    async fn save_contact_data(
        &self,
        who: &SignedIn,
        form: &AddressForm,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn save_contact_person(
        &self,
        who: &SignedIn,
        group: &str,
        form: &PersonForm,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
}

/// Chaman (R12): the sender and its channels.
#[async_trait::async_trait]
pub trait Chaman: Send + Sync {
    async fn chaman_view(&self, who: &SignedIn) -> Result<ChamanView, ApiError>;
    async fn create_sender(
        &self,
        who: &SignedIn,
        form: &PersonForm,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn add_channel(
        &self,
        who: &SignedIn,
        kind: &str,
        environment: &str,
        credential: &str,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn set_channel_active(
        &self,
        who: &SignedIn,
        channel: i64,
        active: bool,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    /// Removes an inactive channel.
    async fn remove_channel(
        &self,
        who: &SignedIn,
        channel: i64,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    /// Replaces the sender's technical contact.
    async fn change_technical_contact(
        &self,
        who: &SignedIn,
        form: &PersonForm,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
}

/// e-Box Enterprise (R13).
#[async_trait::async_trait]
pub trait Ebox: Send + Sync {
    /// Filters: (service, type, from, until) as typed.
    async fn ebox_view(
        &self,
        who: &SignedIn,
        filter: (String, String, String, String),
        page: u32,
    ) -> Result<EboxList, ApiError>;
    /// A document as it is (viewing changes nothing).
    async fn ebox_document(&self, who: &SignedIn, id: i64) -> Result<EboxDocument, ApiError>;
    /// Marks a document read for this person (a POST; audited the first time).
    async fn mark_document_read(&self, who: &SignedIn, id: i64) -> Result<(), ApiError>;
    async fn complete_task(
        &self,
        who: &SignedIn,
        document: i64,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
}

/// Sign-in (DESIGN.md §4): the means offered and the next step of a sign-in under way.
#[async_trait::async_trait]
pub trait SignIn: Send + Sync {
    async fn sign_in_means(&self) -> Result<AvailableMeans, ApiError>;
    async fn pending_step(&self, pending: &Pending) -> Result<PendingStep, ApiError>;
}

/// The Logboek (R14): the audit log of the reader's scope.
#[async_trait::async_trait]
pub trait Logbook: Send + Sync {
    async fn logbook_view(
        &self,
        who: &SignedIn,
        filter: LogbookFilter,
        before: Option<i64>,
    ) -> Result<LogbookData, ApiError>;
}

/// API tokens of the management API (docs/api.md): "API-sleutels".
#[async_trait::async_trait]
pub trait ApiTokens: Send + Sync {
    async fn api_tokens_view(&self, who: &SignedIn) -> Result<ApiTokensView, ApiError>;
    /// Makes a token for the reader's own scope; its value is in the answer and nowhere else.
    async fn create_api_token(
        &self,
        who: &SignedIn,
        name: &str,
        lifetime_days: &str,
        idempotency_key: &str,
    ) -> Result<NewApiToken, ApiError>;
    async fn revoke_api_token(
        &self,
        who: &SignedIn,
        token: i64,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
}

/// Every port: what the server provides to the pages.
pub trait Backend:
    Memberships
    + Users
    + Appointments
    + StaffRegister
    + ContactData
    + Chaman
    + Ebox
    + Logbook
    + ApiTokens
    + SignIn
    + Send
    + Sync
    + 'static
{
}

impl<T> Backend for T where
    T: Memberships
        + Users
        + Appointments
        + StaffRegister
        + ContactData
        + Chaman
        + Ebox
        + Logbook
        + ApiTokens
        + SignIn
        + Send
        + Sync
        + 'static
{
}

/// The backend provided by the server for this request.
pub fn backend() -> Result<Arc<dyn Backend>, ApiError> {
    leptos::prelude::use_context::<Arc<dyn Backend>>()
        .ok_or_else(|| ApiError::internal("server.no_backend"))
}

/// The signed-in person of this request, or `auth.required`.
pub fn signed_in() -> Result<SignedIn, ApiError> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SignedIn>().cloned())
        .ok_or_else(|| ApiError::unauthenticated("auth.required"))
}

/// The sign-in under way in this request's session, or `auth.no_pending_sign_in`.
pub fn pending() -> Result<Pending, ApiError> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Pending>().cloned())
        .ok_or_else(|| ApiError::unauthenticated("auth.no_pending_sign_in"))
}

/// The header by which a one-time message (the outcome of a change made without
/// JavaScript) reaches the server, which keeps it in the session for the next page and
/// removes the header: the message never travels in a URL.
pub const FLASH_HEADER: &str = "x-toegang-flash";

/// A one-time message taken from the session for this page (the server puts it into the
/// request's extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash(pub String);

/// Whether this request is a plain form post (without JavaScript): it is answered with a
/// redirect, and its outcome is shown on the next page from the session.
pub fn plain_form_post() -> bool {
    use leptos::prelude::use_context;
    use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.method == axum::http::Method::POST
            && p.headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// Keeps `message` for the next page: after a plain form post (without JavaScript), or
/// whenever the answer goes to another page (`leaves`: with JavaScript too); otherwise the
/// page that stays shows the outcome itself. Kept as what happened, put into words when
/// shown (in the reader's language then).
pub fn flash(message: &crate::lang::Flash, leaves: bool) {
    use leptos::prelude::use_context;
    if !leaves && !plain_form_post() {
        return;
    }
    let message = serde_json::to_string(message).unwrap_or_default();
    let value = message
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect::<String>();
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&value),
    ) {
        res.insert_header(axum::http::HeaderName::from_static(FLASH_HEADER), value);
    }
}

/// The one-time message for this page, if any.
pub fn take_flash() -> Option<crate::lang::Flash> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Flash>().cloned())
        .and_then(|f| serde_json::from_str(&f.0).ok())
}

/// The header by which a refused authorisation (403, or 404 for what is outside the
/// person's scope) reaches the server's security log; the server removes it from the
/// answer.
pub const REFUSAL_HEADER: &str = "x-toegang-refusal";

/// Sets the status of this request's answer (a server function's or a page's), unless it
/// is a plain form post without JavaScript: that one answers with a redirect back to the
/// form, which must stay a redirect. A refused authorisation is marked for the security
/// log either way.
pub fn set_error_status(status: u16, code: &str) {
    use leptos::prelude::use_context;
    if matches!(status, 403 | 404) {
        if let (Some(res), Ok(code)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            axum::http::HeaderValue::from_str(code),
        ) {
            res.insert_header(axum::http::HeaderName::from_static(REFUSAL_HEADER), code);
        }
    }
    if plain_form_post() {
        return;
    }
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(status),
    ) {
        res.set_status(status);
    }
}

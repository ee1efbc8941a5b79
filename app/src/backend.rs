//! The port the server implements (server side only). Server functions call it in one
//! line; the server provides an implementation through Leptos context.

use crate::api::*;
use std::sync::Arc;

/// Who is signed in, resolved by the server from the session before any page or server
/// function runs, and placed in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub person_id: i64,
    pub enterprise_id: i64,
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

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn home(&self, who: &SignedIn) -> Result<HomeData, ApiError>;
    async fn group_view(
        &self,
        who: &SignedIn,
        group: &str,
        query: &str,
        page: u32,
    ) -> Result<GroupData, ApiError>;
    async fn users_view(
        &self,
        who: &SignedIn,
        query: &str,
        page: u32,
    ) -> Result<UsersData, ApiError>;
    async fn user_view(&self, who: &SignedIn, national_number: &str) -> Result<UserData, ApiError>;
    async fn sign_in_means(&self) -> Result<AvailableMeans, ApiError>;
    async fn pending_step(&self, pending: &Pending) -> Result<PendingStep, ApiError>;
    async fn managers_view(&self, who: &SignedIn) -> Result<ManagersData, ApiError>;
    async fn appoint(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn revoke(
        &self,
        who: &SignedIn,
        kind: &str,
        scope: &str,
        national_number: &str,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn add_user(&self, who: &SignedIn, cmd: AddUserCommand) -> Result<(), ApiError>;
    async fn change_services(
        &self,
        who: &SignedIn,
        group: &str,
        national_number: &str,
        services: Vec<String>,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    /// Filters: (service, type, from, until) as typed.
    async fn ebox_view(
        &self,
        who: &SignedIn,
        filter: (String, String, String, String),
        page: u32,
    ) -> Result<EboxList, ApiError>;
    async fn ebox_document(&self, who: &SignedIn, id: i64) -> Result<EboxDocument, ApiError>;
    async fn complete_task(
        &self,
        who: &SignedIn,
        document: i64,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn chaman_view(&self, who: &SignedIn) -> Result<ChamanView, ApiError>;
    async fn create_sender(
        &self,
        who: &SignedIn,
        contact: domain::contact_data::ContactPerson,
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
    async fn contact_data_view(&self, who: &SignedIn) -> Result<ContactDataView, ApiError>;
    async fn save_contact_data(
        &self,
        who: &SignedIn,
        contact: domain::contact_data::EnterpriseContact,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn save_contact_person(
        &self,
        who: &SignedIn,
        group: &str,
        person: domain::contact_data::ContactPerson,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn change_membership(
        &self,
        who: &SignedIn,
        group: &str,
        national_number: &str,
        change: MembershipChange,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
    async fn change_everywhere(
        &self,
        who: &SignedIn,
        national_number: &str,
        change: EverywhereChange,
        idempotency_key: &str,
    ) -> Result<(), ApiError>;
}

/// The backend provided by the server for this request.
pub fn backend() -> Result<Arc<dyn Backend>, ApiError> {
    leptos::prelude::use_context::<Arc<dyn Backend>>()
        .ok_or_else(|| ApiError::new("server.no_backend"))
}

/// The signed-in person of this request, or `auth.required`.
pub fn signed_in() -> Result<SignedIn, ApiError> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SignedIn>().cloned())
        .ok_or_else(|| ApiError::new("auth.required"))
}

/// The sign-in under way in this request's session, or `auth.no_pending_sign_in`.
pub fn pending() -> Result<Pending, ApiError> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Pending>().cloned())
        .ok_or_else(|| ApiError::new("auth.no_pending_sign_in"))
}

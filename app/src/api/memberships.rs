//! Users per group (R6–R10).

use crate::error::ApiError;
use crate::model::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::port::{backend, signed_in};

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

/// "Voeg gebruiker toe"; answers what happened (the message naming the user). Without
/// JavaScript the page is re-rendered from the error: it gives back what was typed; after
/// success the next page says who was added (from the session). A plain form post is first
/// checked and answered with a confirmation step that names the person (`confirm.needed`,
/// the name in `confirm_name`); the confirmation posts again with `confirmed`. With
/// JavaScript the name shows as one types (`look_up_staff`), before submitting.
#[server(endpoint = "add_user", client = crate::offline::client::QueueingClient)]
pub async fn add_user(
    group: String,
    national_number: String,
    #[server(default)] services: Vec<String>,
    idempotency_key: String,
    #[server(default)] confirmed: bool,
) -> Result<crate::lang::Flash, ApiError> {
    let typed = [
        ("national_number", national_number.clone()),
        ("services", services.join(",")),
    ];
    let cmd = AddUserCommand {
        group: group.clone(),
        national_number,
        services,
        idempotency_key,
    };
    let (backend, who) = (backend()?, signed_in()?);
    if !confirmed && crate::port::plain_form_post() {
        let name = backend.check_add_user(&who, cmd).await;
        return Err(confirmation_step(name).with_echoes(typed));
    }
    let name = backend
        .add_user(&who, cmd)
        .await
        .map_err(|e| e.with_echoes(typed))?;
    let outcome = crate::lang::Flash::Outcome { change: "Add".into(), name, group: Some(group), undo: None };
    crate::port::flash(&outcome, false);
    Ok(outcome)
}

/// The answer to a form posted without its confirmation: the confirmation step naming
/// the person when every rule allows the act, else the refusal itself.
pub fn confirmation_step(checked: Result<String, ApiError>) -> ApiError {
    match checked {
        Ok(name) => ApiError::of(domain::ErrorKind::Conflict, CONFIRM_NEEDED)
            .with_echoes([("confirm_name", name)]),
        Err(e) => e,
    }
}

/// The code of a confirmation step (not an error the page shows as one).
pub const CONFIRM_NEEDED: &str = "confirm.needed";

/// Who a national number is in the enterprise's staff register, asked as a manager types
/// (R4, R7; rate-limited per person).
#[server(endpoint = "staff_name")]
pub async fn look_up_staff(national_number: String) -> Result<StaffLookup, ApiError> {
    backend()?.look_up_staff(&signed_in()?, &national_number).await
}

/// What a block, unblock or delete in one group did: the change and its message (with the
/// way to undo it, but for a delete).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MembershipChanged {
    pub change: MembershipChange,
    pub outcome: crate::lang::Flash,
}

/// Blocks, unblocks or deletes a user in a group (R8, R9). After a deletion the page goes
/// back to the group's list (a path built from the catalogue's code, never from input).
#[server(endpoint = "change_membership", client = crate::offline::client::QueueingClient)]
pub async fn change_membership(
    group: String,
    national_number: String,
    change: MembershipChange,
    idempotency_key: String,
) -> Result<MembershipChanged, ApiError> {
    let done = backend()?
        .change_membership(
            &signed_in()?,
            &group,
            &national_number,
            change,
            &idempotency_key,
        )
        .await?;
    let what = format!("{change:?}");
    let leaves = change == MembershipChange::Delete;
    let outcome = crate::lang::Flash::Outcome {
        change: what,
        name: done.name,
        group: Some(group.clone()),
        undo: done.undo,
    };
    crate::port::flash(&outcome, leaves);
    if change == MembershipChange::Delete {
        if let Some(role) = domain::Catalogue::get().role(&group) {
            leptos_axum::redirect(&format!("/groepen/{}", role.code));
        }
    }
    Ok(MembershipChanged { change, outcome })
}

/// "Ongedaan maken" (issue 14): the inverse of a block, unblock or change of services, as
/// the change's message offers it (`undo`: the [`Undo`] as JSON), applied only while the
/// membership is as that change left it. Posted by a plain form, with or without
/// JavaScript; then the member's page says what it did (and offers to undo that in turn).
#[server(endpoint = "undo_change")]
pub async fn undo_change(undo: String, idempotency_key: String) -> Result<(), ApiError> {
    let undo: Undo =
        serde_json::from_str(&undo).map_err(|_| ApiError::invalid("request.malformed"))?;
    let (group, nn) = (undo.group.clone(), undo.national_number.clone());
    let change = undo.act();
    let done = backend()?
        .undo_change(&signed_in()?, undo, &idempotency_key)
        .await?;
    let outcome = crate::lang::Flash::Outcome {
        change: change.into(),
        name: done.name,
        group: Some(group.clone()),
        undo: done.undo,
    };
    crate::port::flash(&outcome, true);
    // A path of the catalogue's code and the parsed number only.
    if let (Some(role), Ok(nn)) = (domain::Catalogue::get().role(&group), domain::NationalNumber::parse(&nn)) {
        leptos_axum::redirect(&format!("/groepen/{}/gebruikers/{}", role.code, nn.digits()));
    }
    Ok(())
}

/// Blocks or unblocks (R8) or deletes (R9) a user in every group, then leaves the
/// confirmation step (the path is built from the parsed number only; after a delete, the
/// users list).
#[server(endpoint = "change_everywhere", client = crate::offline::client::QueueingClient)]
pub async fn change_everywhere(
    national_number: String,
    change: EverywhereChange,
    idempotency_key: String,
) -> Result<(), ApiError> {
    let name = backend()?
        .change_everywhere(&signed_in()?, &national_number, change, &idempotency_key)
        .await?;
    let outcome = crate::lang::Flash::Outcome { change: format!("{change:?}"), name, group: None, undo: None };
    crate::port::flash(&outcome, true);
    if change == EverywhereChange::Delete {
        // The person is in none of the manager's groups any more.
        leptos_axum::redirect("/gebruikers");
    } else if let Ok(nn) = domain::NationalNumber::parse(&national_number) {
        leptos_axum::redirect(&format!("/gebruikers/{}", nn.digits()));
    }
    Ok(())
}

/// Changes which of a group's services a user may use (R7), e.g. grants Chaman (R12); answers
/// what happened (the message naming the user).
#[server(endpoint = "change_services", client = crate::offline::client::QueueingClient)]
pub async fn change_services(
    group: String,
    national_number: String,
    #[server(default)] services: Vec<String>,
    idempotency_key: String,
) -> Result<crate::lang::Flash, ApiError> {
    let typed = [("services", services.join(","))];
    let done = backend()?
        .change_services(
            &signed_in()?,
            &group,
            &national_number,
            services,
            &idempotency_key,
        )
        .await
        .map_err(|e| e.with_echoes(typed))?;
    let outcome = crate::lang::Flash::Outcome {
        change: "Services".into(),
        name: done.name,
        group: Some(group),
        undo: done.undo,
    };
    crate::port::flash(&outcome, false);
    Ok(outcome)
}

/// The one-time message for this page (the outcome of the change that led here), taken
/// from the session: shown once, never carried in a URL.
#[server(endpoint = "flash")]
pub async fn load_flash() -> Result<Option<crate::lang::Flash>, ApiError> {
    Ok(crate::port::take_flash())
}

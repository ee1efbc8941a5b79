//! "Mijn toegang": what a person without a mandate sees on their start page (their
//! services per group and who manages each group, R6), instead of empty manager pages.

use super::context::Context;
use crate::store::prelude::*;
use crate::store::StoreError;
use app::model::{MyGroup, MyManager};
use domain::{Mandate, Mandates};

/// The groups `ctx`'s person is a user of, in catalogue order, each with its managers.
pub(super) async fn my_access(tx: &mut dyn Tx, ctx: &Context) -> Result<Vec<MyGroup>, StoreError> {
    let memberships = tx.memberships_of(ctx.who.enterprise_id, ctx.who.person_id).await?;
    let managers = tx.managers(ctx.who.enterprise_id).await?;
    Ok(ctx
        .groups_in_catalogue_order()
        .filter_map(|role| {
            let m = memberships.iter().find(|m| m.group == role.code)?;
            let mut of_group: Vec<MyManager> = managers
                .iter()
                .filter_map(|(person, mandates)| {
                    let nearest = nearest(mandates, role)?;
                    Some(MyManager {
                        name: person.name.clone(),
                        mandate: nearest.clone(),
                    })
                })
                .collect();
            of_group.sort_by_key(|h| (distance(&h.mandate), h.name.clone()));
            Some(MyGroup {
                code: role.code.clone(),
                domain: role.domain.clone(),
                services: m.services.clone(),
                blocked: m.blocked,
                managers: of_group,
            })
        })
        .collect())
}

/// Of a manager's mandates, the nearest one that makes them a manager of `role` (R6).
fn nearest<'a>(mandates: &'a Mandates, role: &domain::RoleDef) -> Option<&'a Mandate> {
    mandates
        .iter()
        .filter(|m| m.covers_group(role))
        .min_by_key(|m| distance(m))
}

/// How far a mandate is from one group: its group manager first, the main access
/// manager last.
fn distance(m: &Mandate) -> u8 {
    match m {
        Mandate::GroupManager(_) => 0,
        Mandate::AccessManager(_) => 1,
        Mandate::CoMainAccessManager => 2,
        Mandate::MainAccessManager => 3,
    }
}

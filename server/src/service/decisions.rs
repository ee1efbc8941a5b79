//! DESIGN.md §4a: the decisions the online services ask for. One question: may this person
//! (national number or username) use this online service for this enterprise? Answered
//! from the database as it is now (what the store keeps in memory is used only while the
//! database is unchanged: the next question after a change sees it) by
//! `domain::decision::decide`, the rules the pages use.

use super::Toegang;
use crate::store::prelude::*;
use crate::store::{DecisionClient, DecisionFacts, PersonKey, StoreError};
use domain::decision::{self, Decision, Facts};
use domain::services::Grant;
use domain::{EnterpriseNumber, NationalNumber};

/// The one action a person takes on an online service.
pub const USE: &str = "use";

/// One question, as the client asked it (already checked for shape).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// A national number in any written form, or a username.
    pub subject: String,
    pub service: String,
    /// An enterprise number in any written form.
    pub enterprise: String,
    pub action: String,
}

/// The answer: a decision, or why the question could not be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Decided(Decision),
    /// The action is not one Toegang decides (only `use`).
    UnknownAction,
    /// No enterprise has that number.
    UnknownEnterprise,
}

impl Answer {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Answer::Decided(d) if d.is_allowed())
    }
}

/// SHA-256 of a client's bearer token, as stored.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// A new client token: 256 random bits, base64url.
pub fn new_token() -> String {
    token_with_prefix("tgz_")
}

/// 256 random bits, base64url, after `prefix` (which tells what the token is for).
pub(crate) fn token_with_prefix(prefix: &str) -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

impl Toegang {
    /// The registered, unrevoked client whose token this is.
    pub async fn decision_client(&self, token: &str) -> Result<Option<DecisionClient>, StoreError> {
        self.store.decision_client(&token_hash(token)).await
    }

    /// Answers one question (the client may ask about the service: checked by the caller).
    /// One statement reads what the rules need, as the database is now.
    pub async fn decide(&self, q: &Question) -> Result<Answer, StoreError> {
        if q.action != USE {
            return Ok(Answer::UnknownAction);
        }
        let Some(facts) = self.facts(&q.enterprise, &q.subject).await? else {
            return Ok(Answer::UnknownEnterprise);
        };
        let grants = fact_grants(&facts);
        Ok(Answer::Decided(decision::decide(&q.service, &facts_of(&facts, &grants))))
    }

    /// The enterprise's status and the subject's mandates and memberships in it; `None`
    /// when no enterprise has the number.
    async fn facts(&self, enterprise: &str, subject: &str) -> Result<Option<DecisionFacts>, StoreError> {
        let Ok(number) = EnterpriseNumber::parse(enterprise) else {
            return Ok(None);
        };
        self.store.decision_facts(&number, &person_key(subject)).await
    }

    /// The services among `services` that the person may use for the enterprise.
    pub async fn usable_services(
        &self,
        subject: &str,
        enterprise: &str,
        services: &[String],
    ) -> Result<Option<Vec<String>>, StoreError> {
        let Some(facts) = self.facts(enterprise, subject).await? else {
            return Ok(None);
        };
        let grants = fact_grants(&facts);
        Ok(Some(
            decision::usable_services(&facts_of(&facts, &grants))
                .into_iter()
                .filter(|s| services.iter().any(|c| c == s))
                .map(str::to_owned)
                .collect(),
        ))
    }

    /// The people who may use `service` for the enterprise: those after the person with
    /// id `after`, looking at `limit` people with a mandate or membership at most; returns
    /// their identifiers (national number, else username) and the last person looked at
    /// (`None` when there are no more).
    pub async fn permitted_subjects(
        &self,
        service: &str,
        enterprise: &str,
        after: i64,
        limit: u32,
    ) -> Result<(Vec<String>, Option<i64>), StoreError> {
        let mut tx = self.store.read().await?;
        let Some(e) = enterprise_of(&mut *tx, enterprise).await? else {
            return Ok((vec![], None));
        };
        let people = tx.related_people(e.id, after, limit).await?;
        let mut found = Vec::new();
        for (person, national_number) in &people {
            let (mandates, memberships) = relation(&mut *tx, e.id, Some(*person)).await?;
            let grants = grants(&memberships);
            let facts = Facts {
                status: e.status,
                mandates: &mandates,
                grants: &grants,
            };
            if decision::decide(service, &facts).is_allowed() {
                match national_number {
                    Some(nn) => found.push(nn.digits().to_owned()),
                    None => {
                        if let Some(c) = tx.credential(*person).await? {
                            found.push(c.username);
                        }
                    }
                }
            }
        }
        let next = (people.len() == limit as usize).then(|| people.last().map(|p| p.0)).flatten();
        Ok((found, next))
    }
}

async fn enterprise_of(
    tx: &mut dyn Tx,
    number: &str,
) -> Result<Option<crate::store::Enterprise>, StoreError> {
    match EnterpriseNumber::parse(number) {
        Ok(n) => tx.enterprise_by_number(&n).await,
        Err(_) => Ok(None),
    }
}

/// The person a subject names: a national number in any written form, else a username.
fn person_key(subject: &str) -> PersonKey {
    match NationalNumber::parse(subject) {
        Ok(nn) => PersonKey::NationalNumber(nn),
        Err(_) => PersonKey::Username(subject.to_owned()),
    }
}

fn fact_grants(facts: &DecisionFacts) -> Vec<Grant<'_>> {
    facts
        .memberships
        .iter()
        .map(|m| Grant {
            group: &m.group,
            services: &m.services,
            blocked: m.blocked,
        })
        .collect()
}

fn facts_of<'a>(facts: &'a DecisionFacts, grants: &'a [Grant<'a>]) -> Facts<'a> {
    Facts {
        status: facts.status,
        mandates: &facts.mandates,
        grants,
    }
}

async fn relation(
    tx: &mut dyn Tx,
    enterprise: i64,
    person: Option<i64>,
) -> Result<(domain::Mandates, Vec<crate::store::MemberRecord>), StoreError> {
    match person {
        Some(p) => Ok((tx.mandates(enterprise, p).await?, tx.memberships_of(enterprise, p).await?)),
        None => Ok((domain::Mandates::default(), vec![])),
    }
}

/// A person's memberships as the rules of access see them (also the menu's, `context`).
pub(super) fn grants(memberships: &[crate::store::MemberRecord]) -> Vec<Grant<'_>> {
    memberships
        .iter()
        .map(|m| Grant {
            group: &m.group,
            services: &m.services,
            blocked: m.blocked,
        })
        .collect()
}

/// "Waarom?" on a user's page: for every online service that the enterprise's `groups`
/// offer (catalogue order), whether the person may use it and why, decided as for the
/// online services; groups outside `managed` are named `""` (the viewer sees that there is
/// one). The enterprise's status and groups come from the viewer's context, already read.
pub(super) async fn explain_access(
    tx: &mut dyn Tx,
    ctx: &super::Context,
    person: i64,
    memberships: &[crate::store::MemberRecord],
) -> Result<Vec<app::model::ServiceAccess>, StoreError> {
    use domain::decision::{Basis, Refusal};
    let mandates = tx.mandates(ctx.me.enterprise_id, person).await?;
    let grants = grants(memberships);
    let facts = Facts {
        status: domain::rules::EnterpriseStatus::parse(&ctx.me.enterprise_status),
        mandates: &mandates,
        grants: &grants,
    };
    let managed = ctx.managed();
    let cat = domain::Catalogue::get();
    let shown = |g: &String| {
        if managed.iter().any(|m| m.code == *g) {
            g.clone()
        } else {
            String::new()
        }
    };
    let offered = |code: &str| ctx.groups.iter().any(|r| r.offers(code));
    Ok(cat
        .services
        .iter()
        .filter(|s| offered(&s.code))
        .map(|s| {
            let d = decision::decide(&s.code, &facts);
            let reason = match d.allowed {
                Ok(Basis::Membership { group }) => Ok(Basis::Membership { group: shown(&group) }),
                Ok(Basis::User { group }) => Ok(Basis::User { group: shown(&group) }),
                Ok(other) => Ok(other),
                Err(Refusal::Blocked { groups }) => Err(Refusal::Blocked {
                    groups: groups.iter().map(shown).collect(),
                }),
                Err(Refusal::NotChosen { groups }) => Err(Refusal::NotChosen {
                    groups: groups.iter().map(shown).collect(),
                }),
                Err(other) => Err(other),
            };
            app::model::ServiceAccess {
                service: s.code.clone(),
                rule: d.rule.to_owned(),
                reason,
            }
        })
        .collect())
}

//! OpenID Connect sign-in (DESIGN.md §4): eID, itsme and MyGov.be reach Toegang through the
//! deployment's OpenID Connect provider. Authorization code flow with PKCE, state and
//! nonce (the `openidconnect` crate verifies the ID token's signature, issuer, audience,
//! expiry and nonce). The national number comes from a configurable claim, read from the
//! verified ID token or else from the userinfo endpoint.

use super::{failed, identified, internal, refuse};
use crate::config::OidcConfig;
use crate::service::Toegang;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use domain::NationalNumber;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::RwLock;
use tower_sessions::Session;

const FLOW: &str = "oidc_flow";

/// How long discovered metadata (and so the provider's signing keys) is trusted before it
/// is fetched again: key rotation at the provider needs no restart here.
const METADATA_LIFETIME: std::time::Duration = std::time::Duration::from_secs(3600);

/// The provider as configured, with its discovered metadata (fetched at the first
/// sign-in and kept for an hour; a failed discovery is tried again at the next one).
pub struct Oidc {
    config: OidcConfig,
    http: reqwest::Client,
    metadata: RwLock<Option<(CoreProviderMetadata, std::time::Instant)>>,
}

/// What the session remembers between the redirect to the provider and the way back.
#[derive(Serialize, Deserialize)]
struct Flow {
    state: String,
    nonce: String,
    verifier: String,
}

#[derive(Debug, thiserror::Error)]
enum OidcError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("provider: {0}")]
    Provider(String),
}

fn provider<E: std::fmt::Display>(e: E) -> OidcError {
    OidcError::Provider(e.to_string())
}

impl Oidc {
    pub fn new(config: OidcConfig) -> Result<Oidc, reqwest::Error> {
        let http = reqwest::ClientBuilder::new()
            // No redirects: SSRF protection, as the openidconnect crate advises.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Oidc {
            config,
            http,
            metadata: RwLock::new(None),
        })
    }

    pub fn label(&self) -> &str {
        &self.config.label
    }

    async fn metadata(&self) -> Result<CoreProviderMetadata, OidcError> {
        if let Some((m, at)) = self.metadata.read().await.as_ref() {
            if at.elapsed() < METADATA_LIFETIME {
                return Ok(m.clone());
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| OidcError::Config(e.to_string()))?;
        let m = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(provider)?;
        *self.metadata.write().await = Some((m.clone(), std::time::Instant::now()));
        Ok(m)
    }

    async fn start(&self, session: &Session) -> Result<String, OidcError> {
        let client = CoreClient::from_provider_metadata(
            self.metadata().await?,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(redirect_url(&self.config)?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in self
            .config
            .scopes
            .split_whitespace()
            .filter(|s| *s != "openid")
        {
            request = request.add_scope(Scope::new(scope.to_owned()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        let flow = Flow {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        };
        session.insert(FLOW, flow).await.map_err(provider)?;
        Ok(url.to_string())
    }

    /// The national number of the person the provider signed in.
    async fn finish(&self, flow: Flow, code: String) -> Result<Option<NationalNumber>, OidcError> {
        let client = CoreClient::from_provider_metadata(
            self.metadata().await?,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(redirect_url(&self.config)?);
        let token = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Config(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier))
            .request_async(&self.http)
            .await
            .map_err(provider)?;
        let id_token = token
            .id_token()
            .ok_or_else(|| OidcError::Provider("no ID token".into()))?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(flow.nonce))
            .map_err(provider)?;
        // The signature is verified: the payload's other claims can be trusted.
        let mut value = payload_claim(&id_token.to_string(), &self.config.national_number_claim);
        if value.is_none() {
            if let Ok(request) =
                client.user_info(token.access_token().clone(), Some(claims.subject().clone()))
            {
                let info: openidconnect::UserInfoClaims<
                    Extra,
                    openidconnect::core::CoreGenderClaim,
                > = request.request_async(&self.http).await.map_err(provider)?;
                value = info
                    .additional_claims()
                    .0
                    .get(&self.config.national_number_claim)
                    .and_then(|v| v.as_str().map(str::to_owned));
            }
        }
        Ok(value.and_then(|v| NationalNumber::parse(&v).ok()))
    }
}

/// Any further claims of a userinfo answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Extra(HashMap<String, serde_json::Value>);
impl openidconnect::AdditionalClaims for Extra {}

fn redirect_url(c: &OidcConfig) -> Result<RedirectUrl, OidcError> {
    RedirectUrl::new(c.redirect_url.clone()).map_err(|e| OidcError::Config(e.to_string()))
}

/// A string claim of a JWT's payload (the token must have been verified already).
fn payload_claim(jwt: &str, claim: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    json.get(claim)?.as_str().map(str::to_owned)
}

/// `POST /auth/oidc`: off to the provider (a POST: it writes the flow into the session).
/// The callback below stays a GET, as the protocol requires; it is harmless to repeat:
/// the flow it consumes is single-use.
pub async fn start(oidc: Arc<Oidc>, session: Session) -> Response {
    match oidc.start(&session).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "OpenID Connect sign-in could not start");
            refuse("auth.oidc_failed")
        }
    }
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/oidc/terug`: back from the provider.
pub async fn callback(
    oidc: Arc<Oidc>,
    toegang: Arc<Toegang>,
    session: Session,
    Query(back): Query<Callback>,
) -> Response {
    let flow = match session.remove::<Flow>(FLOW).await {
        Ok(Some(f)) => f,
        Ok(None) => return refuse("auth.oidc_failed"),
        Err(e) => return internal(e),
    };
    if let Some(error) = back.error {
        // Debug formatting: the provider's text cannot forge log lines.
        tracing::info!(error = ?error, "OpenID Connect provider refused the sign-in");
        return refuse("auth.oidc_cancelled");
    }
    let (Some(code), Some(state)) = (back.code, back.state) else {
        return refuse("auth.oidc_failed");
    };
    if state != flow.state {
        return refuse("auth.oidc_failed");
    }
    let nn = match oidc.finish(flow, code).await {
        Ok(Some(nn)) => nn,
        Ok(None) => return refuse("auth.oidc_no_national_number"),
        Err(e) => {
            tracing::warn!(error = %e, "OpenID Connect sign-in failed");
            return refuse("auth.oidc_failed");
        }
    };
    match toegang.person_by_national_number(&nn).await {
        Ok(Some(person)) => identified(&toegang, &session, person).await,
        Ok(None) => refuse("auth.no_enterprise"),
        Err(e) => failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_claim_from_a_jwt_payload() {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = format!(
            "{}.{}.sig",
            b64("{}"),
            b64(r#"{"egovNRN":"85073003328","n":1}"#)
        );
        assert_eq!(
            payload_claim(&jwt, "egovNRN").as_deref(),
            Some("85073003328")
        );
        assert_eq!(payload_claim(&jwt, "n"), None, "only string claims");
        assert_eq!(payload_claim("garbage", "egovNRN"), None);
    }
}

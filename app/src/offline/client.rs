//! The client of the server functions that change something: Leptos' browser client, plus
//! the queue. Every such request carries its owner (`x-toegang-owner`: the person and the
//! enterprise the page was made for, which the server compares with the session); when
//! it cannot reach the server (no answer, or 502/503/504), it is queued as sent and the
//! page is told at once with `request.queued`.

use crate::error::ApiError;
use leptos::server_fn::client::browser::BrowserClient;
use leptos::server_fn::client::Client;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::response::browser::BrowserResponse;

/// The header naming the person and enterprise a change was made by and for
/// (`{person}.{enterprise}`).
pub const OWNER_HEADER: &str = "x-toegang-owner";

/// Leptos' browser client with the offline queue in front.
pub struct QueueingClient;

impl Client<ApiError> for QueueingClient {
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    #[cfg(not(feature = "hydrate"))]
    fn send(req: BrowserRequest) -> impl std::future::Future<Output = Result<BrowserResponse, ApiError>> + Send {
        <BrowserClient as Client<ApiError>>::send(req)
    }

    #[cfg(feature = "hydrate")]
    fn send(req: BrowserRequest) -> impl std::future::Future<Output = Result<BrowserResponse, ApiError>> + Send {
        send_wrapper::SendWrapper::new(super::browser::send_or_queue(req))
    }

    fn open_websocket(
        path: &str,
    ) -> impl std::future::Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<bytes::Bytes, bytes::Bytes>> + Send + 'static,
                impl futures::Sink<bytes::Bytes> + Send + 'static,
            ),
            ApiError,
        >,
    > + Send {
        <BrowserClient as Client<ApiError>>::open_websocket(path)
    }

    fn spawn(future: impl std::future::Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<ApiError>>::spawn(future)
    }
}

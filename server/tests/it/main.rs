//! Server integration tests: one binary, one module per feature, one set of helpers
//! (`common`). Each test starts its own server (the router `main` serves) on a fresh
//! database and talks to it over HTTP like a browser.

mod common;
mod http;
mod portal;
mod rendering;
mod signin;
mod store;

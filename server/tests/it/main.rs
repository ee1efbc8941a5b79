//! Server integration tests: one binary, one module per feature, one set of helpers
//! (`common`). Each test starts its own server (the router `main` serves) on a fresh
//! database and talks to it over HTTP like a browser; `store` is the storage contract.

mod appointments;
mod chaman;
mod common;
mod contact_data;
mod credentials;
mod database;
mod decisions;
mod delivery;
mod ebox;
mod languages;
mod logbook;
mod management_api;
mod memberships;
mod operations;
mod operator;
mod outcomes;
mod races;
mod rendering;
mod security;
mod session_end;
mod sessions;
mod signin;
mod staff;
mod store;

//! The regional benchmarking workspace (`/` and one path per view) and
//! GraphiQL (`/graphiql`): pages and assets embedded in the binary from
//! `web/public/`, served with a Content-Security-Policy that lets a page reach
//! this origin only, so they work on networks with no internet.
use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use rust_embed::RustEmbed;
use serde_json::json;

use super::AppState;
use crate::auth::role::Role;
use crate::auth::token::{mint, TokenRequest};

/// `web/public/`: the pages, the workspace's ES modules and the vendored
/// copies of govuk-frontend's styles, GraphiQL and React (see `web/README.md`).
#[derive(RustEmbed)]
#[folder = "web/public/"]
struct Assets;

/// Everything from this origin, nothing from anywhere else: no CDN, no inline
/// script or style. GraphiQL's stylesheet carries its fonts as `data:` URLs.
const WORKSPACE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const GRAPHIQL_CSP: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The workspace's page, for `/` and for each view's own path (the page's
/// script reads the path and query to show the view and its choices).
pub async fn page() -> HttpResponse {
    html("index.html", WORKSPACE_CSP)
}

/// GraphiQL, in development only (as before it was embedded).
pub async fn graphiql(state: web::Data<AppState>) -> HttpResponse {
    if state.config.is_production() {
        return HttpResponse::NotFound().finish();
    }
    html("graphiql.html", GRAPHIQL_CSP)
}

fn html(name: &str, csp: &'static str) -> HttpResponse {
    let Some(file) = Assets::get(name) else {
        tracing::error!(file = name, "an embedded page is missing from the build");
        return HttpResponse::InternalServerError().finish();
    };
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, csp))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .body(file.data.into_owned())
}

/// `GET /static/{path}`: an embedded file, revalidated by its content hash
/// (names carry no hash, so a browser must ask, and gets 304 when unchanged).
pub async fn asset(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let path = path.into_inner();
    // Pages are served at their own routes, with their policy; and no path
    // may climb out of the folder, whatever rust-embed would do with it.
    if path.ends_with(".html") || path.split(['/', '\\']).any(|part| part == "..") {
        return HttpResponse::NotFound().finish();
    }
    let Some(file) = Assets::get(&path) else {
        return HttpResponse::NotFound().finish();
    };
    let hash: String = file
        .metadata
        .sha256_hash()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let etag = format!("\"{hash}\"");
    let held = super::caching::matching_etag(&req, &hash);
    let fresh = held.is_some();
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, held.unwrap_or(etag)))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if fresh {
        return response.finish();
    }
    let content_type = file.metadata.mimetype();
    let content_type = if content_type.starts_with("text/") || content_type.ends_with("javascript")
    {
        format!("{content_type}; charset=utf-8")
    } else {
        content_type.to_string()
    };
    response
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_str(&content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream")),
        ))
        .body(file.data.into_owned())
}

/// `GET /workspace/development-token`: in development, the regional admin
/// token the start-up banner offers, so the workspace and GraphiQL can offer
/// it too. Production answers 404: there is no development token there.
pub async fn development_token(state: web::Data<AppState>) -> HttpResponse {
    if state.config.is_production() {
        return HttpResponse::NotFound().finish();
    }
    let request = TokenRequest {
        name: Some("Development administrator".into()),
        ..TokenRequest::new(Role::RegionalAdmin, &[])
    };
    match mint(&state.config.jwt, &request) {
        Ok(token) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(json!({
                "token": token,
                "role": Role::RegionalAdmin.as_str(),
                "name": "Development administrator",
                "expiresInSeconds": request.ttl.as_secs(),
            })),
        // No local issuer (only external issuers are trusted): nothing to offer.
        Err(_) => HttpResponse::NotFound().finish(),
    }
}

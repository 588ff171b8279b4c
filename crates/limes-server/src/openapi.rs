//! The OpenAPI document: the root (title, security schemes) with every feature's paths and schemas merged.
use crate::error::ErrorBody;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Limes API", description = "Integrated border management: border checks, crossings, watchlists, document alerts, advance passenger information, audit."),
    components(schemas(ErrorBody)),
    modifiers(&SecurityAddon)
)]
struct RootDoc;

struct SecurityAddon;
impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// The whole document. A feature with JSON routes adds its `ApiDoc` here.
pub fn document() -> utoipa::openapi::OpenApi {
    use crate::features::*;
    let mut doc = RootDoc::openapi();
    for part in [
        operations::ApiDoc::openapi(),
        check::api::ApiDoc::openapi(),
        examination::api::ApiDoc::openapi(),
        pax::api::ApiDoc::openapi(),
        lists::api::ApiDoc::openapi(),
        org::api::ApiDoc::openapi(),
        audit::api::ApiDoc::openapi(),
        nodes::api::ApiDoc::openapi(),
        stay::api::ApiDoc::openapi(),
        goods::api::ApiDoc::openapi(),
        vehicles::api::ApiDoc::openapi(),
        arms::salw_api::ApiDoc::openapi(),
        surveillance::api::ApiDoc::openapi(),
        seizures::api::ApiDoc::openapi(),
        risk::api::ApiDoc::openapi(),
        arms::firearms_api::ApiDoc::openapi(),
        arms::traces_api::ApiDoc::openapi(),
        cooperation::api::ApiDoc::openapi(),
    ] {
        doc.merge(part);
    }
    doc
}

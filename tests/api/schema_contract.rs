//! `schema.graphql` is the contract other teams read: it must match the code,
//! and every type, field, argument and enum value in it must be described.
use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

#[test]
fn checked_in_schema_matches_the_code() {
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
            .expect("schema.graphql is checked in");
    let generated = hub::graphql::sdl();
    pretty_assertions::assert_str_eq!(
        checked_in,
        generated,
        "schema.graphql differs from the code's schema (left: file, right: code); regenerate it with `cargo run -- schema > schema.graphql`"
    );
}

#[test]
fn every_type_field_argument_and_value_is_described() {
    let doc = parse_schema(hub::graphql::sdl()).expect("SDL parses");
    let mut missing = Vec::new();
    for def in &doc.definitions {
        let TypeSystemDefinition::Type(ty) = def else {
            continue;
        };
        let name = ty.node.name.node.as_str();
        if ty.node.description.is_none() {
            missing.push(name.to_string());
        }
        match &ty.node.kind {
            TypeKind::Object(obj) => {
                for field in &obj.fields {
                    let fname = format!("{name}.{}", field.node.name.node);
                    if field.node.description.is_none() {
                        missing.push(fname.clone());
                    }
                    for arg in &field.node.arguments {
                        if arg.node.description.is_none() {
                            missing.push(format!("{fname}({})", arg.node.name.node));
                        }
                    }
                }
            }
            TypeKind::InputObject(input) => {
                for field in &input.fields {
                    if field.node.description.is_none() {
                        missing.push(format!("{name}.{}", field.node.name.node));
                    }
                }
            }
            TypeKind::Enum(e) => {
                for value in &e.values {
                    if value.node.description.is_none() {
                        missing.push(format!("{name}.{}", value.node.value.node));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        missing.is_empty(),
        "undescribed in the schema: {missing:#?}"
    );
}

/// Every text a client may send is bounded, and its description says by how
/// much, with the limits the service applies (`hub::text::TextKind`).
#[test]
fn every_text_input_states_its_limit() {
    use hub::text::{TextKind, MAX_ITEMS};
    let doc = parse_schema(hub::graphql::sdl()).expect("SDL parses");
    let limits: Vec<String> = TextKind::ALL
        .iter()
        .map(|k| k.max_chars().to_string())
        .collect();
    let states_a_limit = |description: &str, list: bool| {
        limits.iter().any(|n| {
            if list {
                description.contains(&format!(
                    "Each at most {n} characters; at most {MAX_ITEMS} items."
                ))
            } else {
                description.contains(&format!("At most {n} characters."))
            }
        })
    };
    let is_text = |ty: &str| ty.trim_start_matches('[').starts_with("String");
    let mut unstated = Vec::new();
    for def in &doc.definitions {
        let TypeSystemDefinition::Type(ty) = def else {
            continue;
        };
        let name = ty.node.name.node.as_str();
        if let TypeKind::InputObject(input) = &ty.node.kind {
            for field in &input.fields {
                let field_type = field.node.ty.node.to_string();
                if !is_text(&field_type) {
                    continue;
                }
                let description = field
                    .node
                    .description
                    .as_ref()
                    .map(|d| d.node.as_str())
                    .unwrap_or_default();
                if !states_a_limit(description, field_type.starts_with('[')) {
                    unstated.push(format!("{name}.{}", field.node.name.node));
                }
            }
        }
    }
    assert!(
        unstated.is_empty(),
        "text inputs whose description does not state their limit: {unstated:#?}"
    );
}

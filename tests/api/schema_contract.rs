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

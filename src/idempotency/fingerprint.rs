//! What makes two requests "the same request" for a key.
use sha2::{Digest, Sha256};

/// SHA-256 (hex) of the method, path, query string and body. Each part is
/// length-prefixed, so no two different requests run together into the same
/// bytes. The body counts byte for byte: a retry sends the same bytes again.
pub fn of(method: &str, path: &str, query: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    for part in [method.as_bytes(), path.as_bytes(), query.as_bytes(), body] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn any_part_changes_the_fingerprint() {
        let base = of("POST", "/graphql", "", b"{}");
        assert_eq!(base, of("POST", "/graphql", "", b"{}"));
        assert_eq!(base.len(), 64);
        assert_ne!(base, of("POST", "/graphql", "", b"{ }"));
        assert_ne!(base, of("POST", "/import", "", b"{}"));
        assert_ne!(base, of("POST", "/graphql", "a=1", b"{}"));
        // Parts cannot slide into each other.
        assert_ne!(of("POST", "/a", "b", b""), of("POST", "/ab", "", b""));
    }
}

//! The hostile document shapes of the security review, written out once for
//! the tests and the `hostile` bench that hold the limits to them.

/// `levels` fragments, each spreading the next twice: 2^levels fields once
/// expanded, from about 40 bytes a level.
pub fn fragment_bomb(levels: usize) -> String {
    let mut query = String::from("query { ...F0 }\n");
    for i in 0..levels {
        query.push_str(&format!(
            "fragment F{i} on QueryRoot {{ ...F{n} ...F{n} }}\n",
            n = i + 1
        ));
    }
    query.push_str(&format!(
        "fragment F{levels} on QueryRoot {{ partnerships {{ code }} }}\n"
    ));
    query
}

/// `count` declared variables that the operation never uses.
pub fn variable_flood(count: usize) -> String {
    let variables: Vec<String> = (0..count).map(|i| format!("$v{i}: Int")).collect();
    format!("query({}) {{ me {{ role }} }}", variables.join(", "))
}

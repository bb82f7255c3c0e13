// Re-embed migrations and message catalogues when they change.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=messages");
    println!("cargo:rerun-if-changed=data");
}

fn main() {
    println!("ogi-lens");
}

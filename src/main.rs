fn main() {
    let rules = gouji::Rules::builtin();
    for p in std::env::args().skip(1) {
        let raw = gouji::extract::load(std::path::Path::new(&p), &Default::default()).unwrap();
        for f in gouji::check(&raw, &rules) {
            println!("{:?}", f);
        }
    }
}

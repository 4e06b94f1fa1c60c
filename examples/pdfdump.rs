fn main() {
    let p = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    let t = std::time::Instant::now();
    match pdf_extract::extract_text_from_mem_by_pages(&bytes) {
        Ok(pages) => {
            for (i, pg) in pages.iter().enumerate() {
                println!("=====PAGE {}", i + 1);
                println!("{}", pg);
            }
            eprintln!("{} pages in {:?}", pages.len(), t.elapsed());
        }
        Err(e) => eprintln!("ERR {e}"),
    }
}

// Connections: the same idea between processes. A socket (here a TCP connection to this machine)
// carries bytes, not Rust values, so each message is encoded as a line of text and decoded on the
// other side. Shown in book/src/patterns/connections.md.

// ANCHOR: all
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?; // port 0: any free port
    let address = listener.local_addr()?;

    // The "sender": in real life another process, perhaps on another machine.
    let client = thread::spawn(move || -> std::io::Result<()> {
        let mut stream = TcpStream::connect(address)?;
        for n in 1..=3 {
            writeln!(stream, "message {n}")?; // encode: a value becomes bytes
        }
        Ok(()) // the client is done
    });

    // The "receiver": read line by line, like iterating a Receiver.
    let (connection, _) = listener.accept()?;
    for line in BufReader::new(connection).lines() {
        println!("got {:?}", line?); // decode: bytes become a value again
    }
    client.join().unwrap()?;
    println!("connection closed by the sender");
    Ok(())
}
// ANCHOR_END: all

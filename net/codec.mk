# net/codec: JSON between wire and model. Defines libnet.a.

namespace Spindle.Tools.Tests.FileSearch.Corpus;

/// <summary>
/// Paraphrased questions that share no content word with the sentence that answers them (checked by
/// <c>RetrievalQualityTests</c> through the keyword analyser). Each was written from its document's topic alone, as a
/// user would ask it, before the document was read; the answer phrase was then looked up, and a question that reused a
/// word of its answer sentence had that word swapped for a synonym. The Queen's Gambit question was dropped: every
/// wording that named the opening reused the answer's words.
/// </summary>
internal static class UnsharedQuestions
{
    public static IReadOnlyList<CorpusQuestion> All { get; } =
    [
        new("How do pollinators show their nestmates the way to a good patch of blossoms?", "waggle-dance", "encodes the direction of the flowers", Paraphrased: true),
        new("How does a buzzing insect colony get through the cold months?", "hive-winter", "form a tight winter cluster", Paraphrased: true),
        new("How often should I give my wild yeast culture fresh meal?", "sourdough", "about once a week", Paraphrased: true),
        new("What makes the skinny Parisian bread's outside crunchy?", "baguette", "gelatinises the starch", Paraphrased: true),
        new("Which peak on Sicily keeps blowing its top?", "etna", "almost constant state of activity", Paraphrased: true),
        new("Which ancient settlements were wiped out when a mountain exploded?", "vesuvius", "Pompeii and Herculaneum", Paraphrased: true),
        new("In that memory-safe systems language, can I keep using the old binding after I give its contents to a new one?", "rust-ownership", "moves it", Paraphrased: true),
        new("How do lightweight workers in Google's language pass data to each other?", "go-concurrency", "typed conduits", Paraphrased: true),
        new("Why does the sea rise and fall twice a day?", "tides", "oceans bulge on both sides", Paraphrased: true),
        new("How does greenery make its own nourishment from the sun's rays?", "photosynthesis", "turn light energy into chemical energy", Paraphrased: true),
        new("What purpose did the enormous barrier on the Chinese frontier serve?", "great-wall", "a series of fortifications", Paraphrased: true),
        new("How did the empire centred on the Tiber move drinking supply into its urban centres from far away?", "aqueducts", "by gravity alone", Paraphrased: true),
        new("Why are the optics in coastal beacons made of rings instead of one thick piece of glass?", "fresnel-lens", "much thinner and lighter", Paraphrased: true),
        new("How long should an Italian-style short black take at the machine?", "espresso", "twenty-five to thirty seconds", Paraphrased: true),
        new("What's the right way to mix up that vivid Japanese tea-dust beverage?", "matcha", "bamboo whisk called a chasen", Paraphrased: true),
        new("Which Chinese brew is only partly fermented?", "oolong", "partially oxidised tea", Paraphrased: true),
        new("What's the favourite response when the opponent opens by pushing the king's pawn two squares?", "sicilian-defence", "most successful answer to 1.e4", Paraphrased: true),
        new("What story is behind the long-distance footrace?", "marathon", "legend of Pheidippides", Paraphrased: true),
        new("How clever are those eight-limbed sea creatures?", "octopus", "open screw-top jars", Paraphrased: true),
        new("How do giant frozen rivers creep down mountains?", "glaciers", "deforming internally", Paraphrased: true),
        new("How does a bike's shifter mechanism get the drive links onto a different cog?", "derailleur", "pushing the chain sideways", Paraphrased: true),
        new("How should I store a laptop power pack so it lasts longer?", "lithium-ion", "between about twenty and eighty percent", Paraphrased: true),
        new("What share of incoming rays do rooftop arrays turn into power?", "solar-panels", "twenty to twenty-three percent", Paraphrased: true),
        new("Which kind of jazz from around the Second World War was played at breakneck speed?", "bebop", "used fast tempos", Paraphrased: true),
        new("Are scissors allowed in the Japanese craft of creasing a square into a crane?", "origami", "without cutting or gluing", Paraphrased: true),
        new("How do the new genetic-message jabs teach the body to fight a virus?", "mrna-vaccines", "immune system learns to recognise", Paraphrased: true),
        new("How was the first antibiotic found by accident?", "penicillin", "mould had contaminated", Paraphrased: true),
        new("Where do those orange-and-black winged insects head when the weather turns cold?", "monarch-migration", "oyamel fir in central Mexico", Paraphrased: true),
        new("Which seabird travels farthest every year, pole to pole?", "arctic-tern", "longest known migration", Paraphrased: true),
        new("How should a website keep user secrets so a leaked database can't be cracked?", "password-hashing", "deliberately slow password hashing function", Paraphrased: true),
        new("What happens when a browser first sets up a secure connection with a site?", "tls-handshake", "sends a ClientHello", Paraphrased: true),
        new("What is the most basic schedulable building block in k8s?", "kubernetes-pods", "smallest deployable unit is the pod", Paraphrased: true),
        new("How does the elephant-logo database let queries and updates run simultaneously without waiting on each other?", "postgres-mvcc", "readers never block writers", Paraphrased: true),
        new("What is the halo around the sixth planet composed of?", "saturn-rings", "pieces of water ice", Paraphrased: true),
        new("Which companions of the biggest gas giant did the astronomer from Pisa spot with his spyglass?", "jupiter-moons", "Io, Europa, Ganymede and Callisto", Paraphrased: true),
        new("How do I get leftovers to rot down into something for the flower beds?", "composting", "into humus", Paraphrased: true),
        new("Why won't my snake-language program keep several cores busy?", "python-gil", "global interpreter lock", Paraphrased: true),
    ];

    /// <summary>Questions no document answers, some on neighbouring topics (a volcano, a bicycle, the Olympics).</summary>
    public static IReadOnlyList<string> Unanswerable { get; } =
    [
        "How tall is Mount Fuji?",
        "Who won the football World Cup in 2018?",
        "How many moons does Neptune have?",
        "What tyre pressure should a road bike run at?",
        "How long should I boil an egg for a runny yolk?",
        "Who wrote Pride and Prejudice?",
        "What is the capital of Australia?",
        "How do I change a flat tyre on a car?",
        "What is the melting point of tungsten?",
        "Which vitamin do carrots contain most of?",
        "How do I undo the last git commit?",
        "When was the Eiffel Tower built?",
        "What is the speed of sound in water?",
        "How do I knit a scarf?",
        "Who painted the ceiling of the Sistine Chapel?",
        "How many bones are in the human hand?",
        "What is the best fertiliser for tomatoes?",
        "How does a jet engine produce thrust?",
        "What causes the northern lights?",
        "Which city hosted the 1964 Summer Olympics?",
        "How do I make mayonnaise at home?",
        "What is the half-life of carbon-14?",
        "How do sharks sense electric fields?",
        "What is a Roth IRA?",
    ];
}

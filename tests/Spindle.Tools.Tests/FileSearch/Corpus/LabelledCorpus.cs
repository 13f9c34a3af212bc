namespace Spindle.Tools.Tests.FileSearch.Corpus;

/// <summary>
/// Short documents on distinct topics, written for these tests, with near-duplicate distractors in pairs (two
/// volcanoes, two chess openings, two teas, two breads, two planets, two migrations, two bee texts). The questions are in
/// <see cref="CorpusQuestions"/>.
/// </summary>
internal static class LabelledCorpus
{
    public static IReadOnlyList<CorpusDocument> Documents { get; } =
    [
        new("waggle-dance", """
            Honeybee foragers tell their sisters where food is by dancing on the vertical comb inside the dark hive.
            In the waggle dance a returning forager runs a straight line while shaking her abdomen, then loops back
            and repeats. The angle of the straight run relative to vertical encodes the direction of the flowers
            relative to the sun's azimuth, so a run pointing straight up means fly toward the sun. The duration of
            the waggle run encodes distance: roughly one second of waggling corresponds to about one kilometre of
            flight, although the exact calibration differs between colonies and subspecies. Karl von Frisch decoded
            this language in the 1940s and shared the 1973 Nobel Prize in Physiology or Medicine for the work. For
            food closer than about fifty metres bees perform a round dance instead, which signals that food is near
            without giving a precise bearing. Followers also learn the scent of the flowers from the dancer's body.
            """),
        new("hive-winter", """
            A honeybee colony does not hibernate. When the air falls below about ten degrees Celsius the workers form
            a tight winter cluster around the queen and shiver their flight muscles to generate heat, keeping the
            core of the cluster near thirty-four degrees while the outer shell of bees acts as insulation. Bees on
            the outside rotate inward to warm up and others move out, so no single bee is exposed for long. The
            cluster slowly moves across the comb eating stored honey; a colony in a cold climate may need twenty to
            thirty kilograms of honey to survive until spring. Beekeepers reduce the entrance, add a mouse guard and
            make sure moisture can escape, because condensation dripping onto the cluster kills more colonies than
            cold does. Winter bees emerge in autumn and live for months, while summer workers live about six weeks.
            """),
        new("sourdough", """
            A sourdough starter is a culture of wild yeast and lactic acid bacteria living in flour and water. To
            keep one active, discard most of it and feed the remainder with equal weights of flour and water, a
            ratio bakers call one hundred percent hydration. At room temperature a healthy starter doubles in volume
            four to eight hours after a feeding; that peak is the best moment to mix it into dough. Stored in the
            refrigerator, a starter needs feeding only about once a week. A layer of grey liquid on top, called
            hooch, is alcohol produced by hungry yeast and means the starter should be fed more often. Whole rye
            flour speeds a sluggish starter because it carries more wild microbes and nutrients than white flour.
            The bacteria produce lactic and acetic acids, which give the bread its sour taste and help it keep.
            """),
        new("baguette", """
            The French baguette is made from only four ingredients: wheat flour, water, salt and yeast. A 1993 decree
            on the traditional French loaf, the pain de tradition française, forbids additives and freezing at any
            stage. A classic baguette is about sixty-five centimetres long and weighs around two hundred and fifty
            grams. Bakers often use a poolish, a wet pre-ferment made the night before, to develop flavour. Before
            baking, the shaped loaf is scored with a razor blade called a lame, which lets the dough expand in the
            oven and creates the ragged ears along the crust. Steam in the first minutes of baking keeps the surface
            soft long enough for the loaf to rise fully, then gelatinises the starch into a thin, crackling, glossy
            crust. In 2022 UNESCO added the artisanal know-how and culture of baguette bread to its list of
            intangible cultural heritage.
            """),
        new("etna", """
            Mount Etna on the east coast of Sicily is the tallest active volcano in Europe, standing about 3,300
            metres high, a height that changes with each eruption. It is one of the most active volcanoes in the
            world and is in an almost constant state of activity, with summit craters producing lava fountains and
            ash plumes several times a year. Etna is a stratovolcano that formed where the African plate pushes
            against the Eurasian plate. Its fertile volcanic soils support vineyards and orchards on the lower
            slopes, and about a quarter of Sicily's population lives on its flanks. A major eruption in 1669 sent
            lava as far as the city walls of Catania on the coast. Etna was added to the UNESCO World Heritage List
            in 2013.
            """),
        new("vesuvius", """
            Mount Vesuvius stands on the Gulf of Naples in Campania, Italy, and is best known for the eruption of
            79 AD that buried the Roman towns of Pompeii and Herculaneum under ash and pyroclastic flows. Pliny the
            Younger watched the eruption from across the bay and described it in letters to the historian Tacitus;
            his uncle Pliny the Elder died trying to rescue people by ship. Volcanologists still call such
            explosive eruptions Plinian after him. Vesuvius last erupted in 1944, during the Second World War,
            destroying dozens of Allied aircraft at a nearby airfield. It is considered one of the most dangerous
            volcanoes on Earth because about three million people live close enough to be affected, and the Italian
            authorities maintain an evacuation plan for the red zone around the crater.
            """),
        new("rust-ownership", """
            Rust manages memory without a garbage collector through ownership. Every value has a single owner, a
            variable, and when the owner goes out of scope the value is dropped and its memory freed. Assigning a
            heap value such as a String to another variable moves it, and the original variable can no longer be
            used. Code can borrow a value instead through references: any number of shared references, written
            with an ampersand, or exactly one mutable reference at a time, never both at once. The borrow checker
            enforces these rules at compile time, which rules out data races and use-after-free bugs before the
            program runs. Lifetimes are annotations, written with an apostrophe such as 'a, that tell the compiler
            how long references remain valid when it cannot infer this itself.
            """),
        new("go-concurrency", """
            Go builds concurrency into the language with goroutines and channels. A goroutine is started by putting
            the keyword go in front of a function call; it is a lightweight thread managed by the Go runtime, which
            multiplexes many thousands of goroutines onto a small number of operating system threads. A goroutine
            starts with a stack of only a few kilobytes that grows as needed. Channels are typed conduits through
            which goroutines send and receive values with the arrow operator. An unbuffered channel blocks the
            sender until a receiver is ready, which synchronises the two. The select statement waits on several
            channel operations at once. The Go proverb says: do not communicate by sharing memory; instead, share
            memory by communicating. The sync package still offers mutexes and wait groups for cases where locks
            are simpler.
            """),
        new("tides", """
            Ocean tides are caused mainly by the gravitational pull of the Moon, with a smaller contribution from the
            Sun. The Moon's gravity pulls hardest on the side of the Earth facing it and weakest on the far side, so
            the oceans bulge on both sides, and most coasts see two high tides and two low tides roughly every
            twenty-four hours and fifty minutes. When the Sun, Moon and Earth line up at new and full moon, their
            pulls combine into spring tides with the largest range. At the quarter moons the Sun and Moon pull at
            right angles and produce neap tides with the smallest range. The Bay of Fundy in Canada has the highest
            tidal range in the world, up to about sixteen metres, because the shape of the bay resonates with the
            tidal period.
            """),
        new("photosynthesis", """
            Photosynthesis is the process by which plants, algae and cyanobacteria turn light energy into chemical
            energy. It happens in chloroplasts, which contain the green pigment chlorophyll. In the light-dependent
            reactions on the thylakoid membranes, light splits water molecules, releasing oxygen as a by-product
            and producing the energy carriers ATP and NADPH. In the Calvin cycle, which takes place in the stroma,
            the enzyme RuBisCO fixes carbon dioxide from the air, and ATP and NADPH are used to build sugars such
            as glucose. The overall equation combines six molecules of carbon dioxide and six of water into one
            glucose molecule and six of oxygen. RuBisCO is thought to be the most abundant protein on Earth.
            Chlorophyll absorbs red and blue light and reflects green, which is why leaves look green.
            """),
        new("great-wall", """
            The Great Wall of China is not one wall but a series of fortifications built over about two thousand
            years. The first walls were joined together under Qin Shi Huang, the first emperor, around 220 BC, using
            rammed earth. Most of the wall that visitors see today, built with bricks and stone, dates from the Ming
            dynasty, between the fourteenth and seventeenth centuries. A 2012 survey by China's State Administration
            of Cultural Heritage measured all branches at about 21,196 kilometres. Watchtowers along the wall used
            smoke signals by day and fire by night to pass warnings of raids. Contrary to a popular claim, the wall
            cannot be seen with the naked eye from the Moon; it is long but far too narrow. Badaling, north of
            Beijing, is the most visited section.
            """),
        new("aqueducts", """
            Roman aqueducts carried water to cities by gravity alone, flowing down a very gentle, continuous slope
            over distances of tens of kilometres. Most of an aqueduct's length ran underground in covered channels;
            the famous arched bridges were needed only to cross valleys. The Pont du Gard in southern France, built
            in the first century AD, is about forty-nine metres high and carried water to the city of Nemausus,
            modern Nîmes, dropping only about twenty-five centimetres along the bridge. Engineers used a levelling
            instrument called a chorobates to set the gradient. Water arrived at a distribution tank, the castellum
            divisorum, and was piped on to public fountains, baths and wealthy homes. Ancient Rome itself was
            served by eleven aqueducts, the first of which, the Aqua Appia, was built in 312 BC.
            """),
        new("fresnel-lens", """
            Before 1822 lighthouses used mirrors or thick glass lenses that wasted most of the light and were too
            heavy to build at large sizes. The French physicist Augustin-Jean Fresnel designed a lens made of
            concentric rings of glass prisms. The central rings refract light into a horizontal beam, and the outer
            rings use total internal reflection to catch light that would otherwise escape upward or downward. A
            Fresnel lens is much thinner and lighter than a conventional lens of the same focal length, and it could
            project a lamp's beam more than thirty kilometres out to sea. Lenses were graded by orders, from the
            large first-order lenses used on major coastal lights to small sixth-order lenses for harbours. Rotating
            assemblies produced a flash pattern that let sailors identify each lighthouse.
            """),
        new("espresso", """
            Espresso is brewed by forcing hot water through a compact puck of finely ground coffee at high pressure,
            typically about nine bars. Baristas aim for a water temperature of about ninety to ninety-six degrees
            Celsius. A common starting recipe for a double shot uses eighteen grams of ground coffee to produce about
            thirty-six grams of liquid in twenty-five to thirty seconds, a brew ratio of one to two. If the shot
            runs too fast and tastes sour, the coffee is under-extracted and should be ground finer; if it runs
            slowly and tastes bitter, it is over-extracted and should be ground coarser. The tan foam on top, the
            crema, is formed by carbon dioxide and oils emulsified under pressure. Tamping the grounds evenly
            prevents channeling, where water finds a weak path through the puck.
            """),
        new("matcha", """
            Matcha is a powdered green tea from Japan. Several weeks before harvest the tea bushes are covered with
            shade cloth, which raises chlorophyll and the amino acid L-theanine in the leaves and gives matcha its
            vivid colour and savoury umami flavour. After steaming and drying, the leaves have their stems and veins
            removed; this material is called tencha, and it is ground slowly between granite stone mills into a
            fine powder. A stone mill grinds only about thirty to forty grams per hour, so the powder does not
            overheat. To prepare it, the powder is sifted into a bowl, water at about seventy to eighty degrees is
            added, and it is whisked with a bamboo whisk called a chasen until frothy. Uji, near Kyoto, is the most
            famous growing region.
            """),
        new("oolong", """
            Oolong is a partially oxidised tea, sitting between green tea, which is not oxidised, and black tea,
            which is fully oxidised. After picking, the leaves are withered in the sun and then tossed or bruised
            repeatedly so that the edges of the leaf oxidise while the centre stays green; depending on the
            producer, oxidation ranges from about ten to seventy percent. Many oolongs are then rolled into tight
            balls or long twisted strips and roasted over charcoal. Famous oolongs come from the Wuyi Mountains in
            Fujian, where the rock teas such as Da Hong Pao grow, from Anxi, home of Tieguanyin, and from the high
            mountains of Taiwan. Oolong is traditionally brewed gongfu style: many short infusions in a small clay
            pot, with the same leaves steeped five or more times.
            """),
        new("sicilian-defence", """
            The Sicilian Defence begins with the moves 1.e4 c5. Black fights for the centre from the side, refusing
            the symmetrical reply 1...e5 and creating an unbalanced position in which Black often gets counterplay on
            the queenside while White attacks on the kingside. It is the most popular and statistically the most
            successful answer to 1.e4 at master level. Main lines include the Najdorf Variation, with 5...a6,
            favoured by Bobby Fischer and Garry Kasparov, and the Dragon Variation, in which Black fianchettoes the
            king's bishop on g7. In the Open Sicilian White plays 2.Nf3 and 3.d4, trading the d-pawn for Black's
            c-pawn. Players who want to avoid heavy theory often choose the Alapin Variation, 2.c3, instead.
            """),
        new("queens-gambit", """
            The Queen's Gambit starts with 1.d4 d5 2.c4. White offers the c-pawn to draw Black's d-pawn away from the
            centre. It is not a true gambit, because if Black accepts with 2...dxc4 White can usually win the pawn
            back. In the Queen's Gambit Declined Black supports the centre with 2...e6, a solid choice seen in many
            world championship matches. In the Slav Defence Black defends with 2...c6 instead, keeping the
            light-squared bishop free to develop. The opening was analysed as early as the Göttingen manuscript of
            about 1490. A 2020 television series named after the opening, about a fictional orphan chess prodigy,
            caused a sharp rise in sales of chess sets and in new players joining online chess sites.
            """),
        new("marathon", """
            The marathon commemorates the legend of Pheidippides, a Greek messenger said to have run from the
            battlefield of Marathon to Athens to announce victory over the Persians in 490 BC, then collapsed and
            died. The race was introduced at the first modern Olympic Games in Athens in 1896, where it was won by
            the Greek water carrier Spyridon Louis. The distance varied in early races; the now standard 42.195
            kilometres was first run at the 1908 London Olympics, where the course was laid out from Windsor Castle
            to the royal box in the stadium, and it was fixed as the official distance in 1921. Eliud Kipchoge ran
            the first marathon distance under two hours in 2019 in Vienna, in a special event not eligible as a
            record.
            """),
        new("octopus", """
            The octopus is among the most intelligent invertebrates. An octopus has about five hundred million
            neurons, roughly two thirds of them in its eight arms rather than its central brain, so each arm can
            taste, touch and react partly on its own. Octopuses solve puzzles, open screw-top jars to reach food,
            and have been seen carrying coconut shells to use as portable shelters. They change colour and skin
            texture in a fraction of a second using chromatophores controlled directly by the nervous system,
            even though most species are colour-blind. An octopus has three hearts and blue blood, because its blood
            uses copper-based hemocyanin rather than iron-based hemoglobin to carry oxygen. Most octopuses live only
            one to two years, and females die soon after their eggs hatch.
            """),
        new("glaciers", """
            A glacier forms where more snow falls each winter than melts in summer. Over years the accumulated snow
            is compressed into granular firn and finally into dense glacial ice, which can look blue because it
            absorbs red light. Once the ice is thick enough, usually several tens of metres, it flows downhill under
            its own weight, deforming internally and sliding on meltwater at its base. Flowing glaciers carve
            U-shaped valleys, sharp ridges called arêtes and bowl-shaped cirques, and they leave ridges of rock
            debris called moraines where their snouts once stood. Crevasses open where the ice bends or speeds up.
            During the last glacial maximum, about twenty thousand years ago, ice sheets covered much of North
            America and northern Europe, and sea level was about 120 metres lower than today.
            """),
        new("derailleur", """
            A bicycle derailleur changes gear by pushing the chain sideways from one sprocket to another while the
            rider pedals. The rear derailleur hangs below the cassette and has a spring-loaded cage with two small
            pulleys, the jockey wheel and the tension wheel, that keep the chain taut whatever sprocket is used.
            Two limit screws, marked H and L, stop the derailleur from pushing the chain past the smallest or
            largest sprocket and into the frame or the spokes. A barrel adjuster where the cable enters lets the
            rider fine-tune cable tension if shifts are slow or noisy. Modern electronic groupsets replace the cable
            with a motor and a battery. The gear ratio is the number of teeth on the chainring divided by the
            number on the rear sprocket.
            """),
        new("lithium-ion", """
            A lithium-ion battery stores energy by moving lithium ions between two electrodes. During charging,
            ions travel from the cathode, usually a metal oxide such as nickel manganese cobalt or lithium iron
            phosphate, through a liquid electrolyte and a thin porous separator, and lodge between the layers of a
            graphite anode. During discharge they flow back and electrons travel through the external circuit to
            power the device. A battery management system monitors each cell's voltage and temperature, because
            overcharging or physical damage can cause thermal runaway, an uncontrolled chain of heat and fire.
            Capacity fades over hundreds or thousands of charge cycles as a layer called the solid electrolyte
            interphase grows and consumes lithium. Keeping a battery between about twenty and eighty percent charge
            slows this ageing.
            """),
        new("solar-panels", """
            A photovoltaic solar cell turns sunlight directly into electricity. Most cells are made from crystalline
            silicon doped to form a p-n junction; when a photon with enough energy is absorbed it frees an electron,
            and the electric field at the junction drives the electron into an external circuit. Commercial
            monocrystalline panels convert about twenty to twenty-three percent of the incident sunlight into
            electricity. Panels produce direct current, so an inverter converts it into alternating current for the
            grid or the home. Output drops as cells get hotter, by roughly 0.4 percent per degree Celsius above
            twenty-five degrees. Manufacturers usually warrant that a panel will still deliver about eighty percent
            of its rated power after twenty-five years. Perovskite cells are a promising newer technology.
            """),
        new("bebop", """
            Bebop emerged in the early 1940s in New York clubs such as Minton's Playhouse, where young musicians held
            late-night jam sessions after their big-band jobs. Compared with the swing music that preceded it, bebop
            used fast tempos, complex chord progressions with frequent substitutions, and long improvised lines
            built on the upper extensions of chords. The alto saxophonist Charlie Parker and the trumpeter Dizzy
            Gillespie were its central figures; the pianist Thelonious Monk and the drummer Kenny Clarke helped
            shape its sound, with Clarke moving the steady beat from the bass drum to the ride cymbal. Many bebop
            tunes were new melodies written over the chords of older standards, such as Parker's Ornithology over
            How High the Moon. Bebop was music for listening rather than dancing.
            """),
        new("origami", """
            Origami is the art of folding a single sheet of paper into a shape without cutting or gluing it. The
            traditional crane, the orizuru, is the best known model; a Japanese legend says that anyone who folds a
            thousand cranes will be granted a wish. Most models start from a small number of bases, such as the
            waterbomb base and the bird base. In the 1950s Akira Yoshizawa created a system of diagrams with dashed
            lines for valley folds and dash-dot lines for mountain folds, which is still used to share designs.
            Mathematicians have studied the rules of flat folding, and engineers borrow origami patterns such as
            the Miura fold to pack solar arrays for satellites and to design stents and airbags that unfold from a
            compact shape.
            """),
        new("mrna-vaccines", """
            An mRNA vaccine delivers a strand of messenger RNA that carries the instructions for one protein of a
            pathogen, such as the spike protein of the SARS-CoV-2 coronavirus. The fragile RNA is wrapped in lipid
            nanoparticles, tiny droplets of fat that protect it and help it enter cells. Inside the cell, ribosomes
            read the mRNA and make the protein, which the immune system learns to recognise, producing antibodies
            and T cells. The mRNA never enters the nucleus and is broken down within days. Katalin Karikó and Drew
            Weissman found that replacing uridine with a modified nucleoside stopped the RNA from triggering harmful
            inflammation, and they received the 2023 Nobel Prize for it. Early mRNA vaccines had to be stored deeply
            frozen, at about minus seventy degrees Celsius.
            """),
        new("penicillin", """
            In September 1928 the Scottish bacteriologist Alexander Fleming returned from holiday to his laboratory at
            St Mary's Hospital in London and noticed that a mould had contaminated one of his Petri dishes of
            Staphylococcus bacteria. Around the mould the bacteria had been killed. The mould was Penicillium
            notatum, and Fleming named the active substance penicillin, but he could not purify it in useful
            amounts. A decade later Howard Florey, Ernst Chain and Norman Heatley at Oxford purified penicillin and
            showed in 1940 that it cured infected mice. Mass production in deep fermentation tanks in the United
            States made it available to Allied troops by D-Day in 1944. Fleming, Florey and Chain shared the 1945
            Nobel Prize. Fleming warned early that misuse would breed resistant bacteria.
            """),
        new("monarch-migration", """
            Each autumn millions of monarch butterflies from eastern North America fly up to about four thousand
            kilometres south to spend the winter in a few mountain forests of oyamel fir in central Mexico, in the
            state of Michoacán. No single butterfly makes the round trip: the generation that flies south, called
            the super generation, lives up to eight months, while summer monarchs live only a few weeks. In spring
            they mate and head north, and it takes three or four generations to recolonise the breeding range as
            far as Canada. Monarchs navigate with a time-compensated sun compass in their antennae and brain.
            Their caterpillars feed only on milkweed, which makes them toxic to birds, and loss of milkweed along
            the route is a main reason for their decline.
            """),
        new("arctic-tern", """
            The Arctic tern makes the longest known migration of any animal. It breeds in the Arctic and sub-Arctic
            in the northern summer and then flies to the edge of the Antarctic pack ice for the southern summer,
            so it sees two summers each year and more daylight than any other creature. Tracking with tiny
            geolocators fitted to birds in Greenland and Iceland showed that the terns do not fly straight but
            follow a winding route along prevailing winds, covering about seventy thousand kilometres a year; birds
            from the Netherlands were measured at up to ninety thousand. Arctic terns can live for thirty years, so
            a single bird may fly a distance equal to three round trips to the Moon in its lifetime. The birds
            weigh only about one hundred grams.
            """),
        new("password-hashing", """
            Servers should never store user passwords in plain text or with a fast general-purpose hash such as
            SHA-256, because attackers with graphics cards can try billions of guesses per second against a stolen
            database. Instead, passwords are hashed with a deliberately slow password hashing function such as
            bcrypt, scrypt or Argon2. Each password gets its own random salt, stored next to the hash, so identical
            passwords produce different hashes and precomputed rainbow tables are useless. The work factor, or cost,
            can be raised as hardware gets faster. Argon2id, winner of the 2015 Password Hashing Competition, is also
            memory-hard: it needs a configurable amount of memory per guess, which makes cracking with GPUs and
            custom chips expensive. When a user logs in, the server hashes the attempt with the stored salt and
            compares the results.
            """),
        new("tls-handshake", """
            Before a browser and a web server exchange encrypted data over HTTPS they perform a TLS handshake. In TLS
            1.3 the client sends a ClientHello listing its supported cipher suites and a key share for an ephemeral
            Diffie-Hellman exchange. The server replies with a ServerHello containing its own key share, and from
            that point both sides can derive the same session keys, so the rest of the handshake is already
            encrypted. The server proves its identity with a certificate signed by a certificate authority and a
            signature over the handshake transcript. TLS 1.3 completes the handshake in a single round trip, one
            fewer than TLS 1.2, and resumed sessions can even send early data with zero round trips. Because the
            keys are ephemeral, recorded traffic stays safe even if the server's private key later leaks, a property
            called forward secrecy.
            """),
        new("kubernetes-pods", """
            In Kubernetes the smallest deployable unit is the pod, a group of one or more containers that share a
            network namespace, an IP address and storage volumes, and are always scheduled together on the same
            node. Pods are ephemeral: when a node fails its pods are not moved but replaced by new pods with new
            addresses. Users rarely create pods directly; a Deployment manages a ReplicaSet, which keeps the
            requested number of identical pods running and performs rolling updates. A Service gives a changing set
            of pods a stable virtual IP and DNS name, selecting them by labels. Liveness probes tell the kubelet
            when to restart a container, and readiness probes decide whether a pod receives traffic. Resource
            requests guide the scheduler, and limits cap a container's CPU and memory.
            """),
        new("postgres-mvcc", """
            PostgreSQL uses multiversion concurrency control, MVCC, so that readers never block writers and writers
            never block readers. An UPDATE does not overwrite a row in place; it writes a new version of the row,
            called a tuple, and marks the old one as expired using transaction ids stored in the xmin and xmax
            fields. Each transaction sees a snapshot of the versions committed before it started. Old tuples that
            no transaction can see any more are dead and take up space until VACUUM reclaims it; the autovacuum
            daemon runs this in the background. Because transaction ids are 32-bit counters, VACUUM must also
            freeze old rows to prevent transaction id wraparound, which would otherwise make past data appear to
            be in the future and force the database to stop accepting writes.
            """),
        new("saturn-rings", """
            Saturn's rings are made of countless pieces of water ice, from tiny grains to chunks the size of a house,
            with a small amount of rock. The main rings stretch up to about 280,000 kilometres across but are
            typically only about ten metres thick. The rings are named with letters in order of discovery; the
            broad gap between the A and B rings is the Cassini Division, discovered by Giovanni Cassini in 1675.
            Small shepherd moons such as Prometheus and Pandora keep the narrow F ring confined. Measurements by the
            Cassini spacecraft, which ended its mission in 2017 by diving into Saturn, suggest the rings may be
            relatively young, perhaps a few hundred million years old, and that ice is raining onto the planet,
            so the rings may disappear in the far future.
            """),
        new("jupiter-moons", """
            Jupiter has more than ninety known moons. The four largest, Io, Europa, Ganymede and Callisto, were
            discovered by Galileo Galilei in January 1610 with one of the first telescopes, and are called the
            Galilean moons; their orbits around another planet helped overturn the idea that everything circled
            the Earth. Io is the most volcanically active body in the solar system, heated by tides from Jupiter's
            gravity. Europa has a smooth crust of ice over a salty ocean of liquid water, making it a prime target in
            the search for life. Ganymede is the largest moon in the solar system, bigger than the planet Mercury,
            and the only moon known to have its own magnetic field. Callisto is heavily cratered and very old.
            """),
        new("composting", """
            Composting turns kitchen scraps and garden waste into humus, a dark, crumbly soil improver, through the
            work of bacteria, fungi and worms. A good compost pile balances nitrogen-rich green materials, such as
            vegetable peelings, coffee grounds and grass clippings, with carbon-rich brown materials, such as dry
            leaves, straw and cardboard, at roughly thirty parts carbon to one part nitrogen by weight. The pile
            needs air and should be about as damp as a wrung-out sponge; turning it every week or two supplies
            oxygen and speeds decomposition. A well-built hot pile reaches fifty-five to sixty-five degrees Celsius,
            hot enough to kill most weed seeds and pathogens. Meat, dairy and oils are best left out, because they
            smell and attract rats.
            """),
        new("python-gil", """
            CPython, the reference implementation of Python, has a global interpreter lock, the GIL, a mutex that
            allows only one thread to execute Python bytecode at a time. The GIL makes memory management by
            reference counting simple and safe, but it means that CPU-bound code does not run faster with more
            threads. Threads still help with input and output, because the lock is released while a thread waits on
            the network or the disk, and many C extensions such as NumPy release it during heavy computation. For
            parallel CPU work, programmers use the multiprocessing module, which runs separate processes, each with
            its own interpreter and its own lock. PEP 703 made the GIL optional: Python 3.13 shipped an experimental
            free-threaded build that can run without it.
            """),
    ];
}

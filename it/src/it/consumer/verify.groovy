// after the consumer's `mvn verify`: its tests ran, and Maven resolved a single Netty version
def reports = new File(basedir, 'target/surefire-reports')
assert new File(reports, 'TEST-com.example.firmware.ModemTest.xml').text.contains('tests="1"')
assert new File(reports, 'TEST-com.example.firmware.OneNettyTest.xml').text.contains('tests="1"')
// lines like "   io.netty:netty-handler:jar:4.1.136.Final:test -- module ..." (a classifier adds a field)
def netty = new File(basedir, 'target/dependencies.txt').readLines()
        .collect { it.trim().split(/\s+/)[0] }
        .findAll { it.startsWith('io.netty:') }
assert netty.size() >= 5 : "Netty jars on the test classpath: ${netty}"
def versions = netty.collect { def f = it.split(':'); f[f.length - 2] }.toSet()
assert versions == [nettyVersion] as Set : "Netty versions on the test classpath: ${netty}"
println "consumer: ${netty.size()} Netty jars, all at ${versions}"
return true
